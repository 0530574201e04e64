//go:build tools

// Package tools pins the Wails CLI. Wails v2.9.2 pins golang.org/x/tools v0.17.0, which does not
// compile on Go 1.26; requiring a newer x/tools here fixes the build (DESIGN.md §6).
package tools

import _ "github.com/wailsapp/wails/v2/cmd/wails"
