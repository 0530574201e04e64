// Command tftsr is the TFTSR desktop app (no arguments) and its headless CLI (any arguments).
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"tftsr/internal/boot"
	"tftsr/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	open := func(ctx context.Context) (*boot.System, error) { return boot.Open(ctx, boot.Options{}) }
	if len(os.Args) > 1 {
		code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr, open, version)
		stop()
		os.Exit(code)
	}
	if !generatingBindings && runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "tftsr: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"+
			"Start TFTSR from a desktop session, or use the command line: tftsr help")
		os.Exit(2)
	}
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		fmt.Fprintln(os.Stderr, "tftsr:", err)
		os.Exit(1)
	}
	if err := runGUI(ctx, dist, open); err != nil {
		fmt.Fprintln(os.Stderr, "tftsr:", err)
		os.Exit(1)
	}
}
