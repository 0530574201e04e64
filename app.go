package main

import (
	"context"
	_ "embed"
	"fmt"
	"github.com/wailsapp/wails/v2/pkg/runtime"
	"io/fs"
	"log/slog"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"tftsr/internal/app"
	"tftsr/internal/boot"
)

//go:embed build/appicon.png
var icon []byte

// App is the window's lifecycle: it owns the opened System and closes it on shutdown. It holds
// no business logic; the bound services in internal/app do the work.
type App struct {
	sys *boot.System
	log *slog.Logger
	rt  *app.WailsRuntime
}

func (a *App) startup(ctx context.Context) {
	a.rt.Started(ctx)
	a.log.Info("window starting")
}

func (a *App) domReady(ctx context.Context) {
	a.log.Info("frontend loaded")
}

func (a *App) shutdown(ctx context.Context) {
	if a.sys == nil {
		return
	}
	if err := a.sys.Close(); err != nil {
		a.log.Error("close store", "err", err)
	}
}

// beforeClose asks before the window closes while an editor holds text not saved yet (typed in
// the last moments, or a save that failed): true keeps the window open.
func (a *App) beforeClose(ctx context.Context) bool {
	if len(a.rt.Keys()) == 0 {
		return false
	}
	answer, err := runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
		Type:          runtime.QuestionDialog,
		Title:         "Unsaved document text",
		Message:       "A document has text that is not saved yet (its last save may have failed: see its status line). Quit anyway and lose that text?",
		Buttons:       []string{"Quit", "Cancel"},
		DefaultButton: "Cancel",
		CancelButton:  "Cancel",
	})
	if err != nil {
		a.log.Error("ask before closing", "err", err)
		return true // when in doubt, keep the window (and the text)
	}
	return answer != "Quit" && answer != "Yes"
}

// runGUI opens the store and runs the window. If the store cannot be opened the window still
// starts, bound only to the SystemService, and the UI shows the error and what to do.
func runGUI(ctx context.Context, dist fs.FS, open func(context.Context) (*boot.System, error)) error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if generatingBindings {
		// A zero System binds the same services (with nil internals, never called): one list.
		return wails.Run(&options.App{Bind: (&boot.System{}).Bindings(ctx, version, logger, nil)})
	}
	sys, openErr := open(ctx)
	a := &App{sys: sys, log: logger, rt: &app.WailsRuntime{}}
	var bind []any
	if openErr != nil {
		logger.Error("open store", "err", openErr)
		bind = []any{app.NewSystemService(ctx, version, nil, openErr, logger)}
	} else {
		bind = sys.Bindings(ctx, version, logger, a.rt)
	}
	err := wails.Run(&options.App{
		Title:            "TFTSR",
		Width:            1280,
		Height:           820,
		MinWidth:         900,
		MinHeight:        600,
		AssetServer:      &assetserver.Options{Assets: dist},
		BackgroundColour: &options.RGBA{R: 17, G: 24, B: 39, A: 1},
		OnStartup:        a.startup,
		OnDomReady:       a.domReady,
		OnShutdown:       a.shutdown,
		OnBeforeClose:    a.beforeClose,
		Bind:             bind,
		// Files dropped on the window reach the frontend as paths (runtime.OnFileDrop); the
		// webview's own drop handling stays off so a dropped file never replaces the page.
		DragAndDrop:    &options.DragAndDrop{EnableFileDrop: true, DisableWebViewDrop: true},
		ErrorFormatter: app.FormatError,
		Linux:          &linux.Options{ProgramName: "tftsr", Icon: icon},
	})
	if err != nil {
		return fmt.Errorf("run window: %w", err)
	}
	return nil
}
