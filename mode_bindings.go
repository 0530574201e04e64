//go:build bindings

package main

// generatingBindings is true when `wails generate module` runs this program to read the bound
// types: it must neither require a display nor open (or create) the user's database.
const generatingBindings = true
