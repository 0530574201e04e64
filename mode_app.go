//go:build !bindings

package main

// generatingBindings: see mode_bindings.go.
const generatingBindings = false
