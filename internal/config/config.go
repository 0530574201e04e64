// Package config resolves where TFTSR keeps its files. It reads the environment through an
// injected getenv so tests never depend on the real one.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// AppName is the directory name used under the platform data and config dirs.
const AppName = "tftsr"

// DBFileName is the database file inside the data dir.
const DBFileName = "tftsr.db"

// Config says where the data and the key file (fallback only) live.
type Config struct {
	DataDir   string // TFTSR_DATA_DIR, else the platform data dir + /tftsr
	DBPath    string // DataDir/tftsr.db
	ConfigDir string // platform config dir + /tftsr (the key file fallback lives here, never in DataDir)
}

// Env is the subset of the environment config reads.
type Env struct {
	Getenv  func(string) string
	HomeDir func() (string, error)
	GOOS    string
}

// OSEnv is the real process environment.
func OSEnv() Env { return Env{Getenv: os.Getenv, HomeDir: os.UserHomeDir, GOOS: runtime.GOOS} }

// Load resolves the Config.
func Load(env Env) (Config, error) {
	data, err := dataDir(env)
	if err != nil {
		return Config{}, err
	}
	conf, err := configDir(env)
	if err != nil {
		return Config{}, err
	}
	return Config{DataDir: data, DBPath: filepath.Join(data, DBFileName), ConfigDir: conf}, nil
}

func dataDir(env Env) (string, error) {
	if d := env.Getenv("TFTSR_DATA_DIR"); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", fmt.Errorf("config: TFTSR_DATA_DIR %q: %w", d, err)
		}
		return abs, nil
	}
	switch env.GOOS {
	case "windows":
		if d := env.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, AppName), nil
		}
	case "darwin":
		home, err := env.HomeDir()
		if err != nil {
			return "", fmt.Errorf("config: home dir: %w", err)
		}
		return filepath.Join(home, "Library", "Application Support", AppName), nil
	default:
		if d := env.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, AppName), nil
		}
	}
	home, err := env.HomeDir()
	if err != nil {
		return "", fmt.Errorf("config: home dir (set TFTSR_DATA_DIR): %w", err)
	}
	return filepath.Join(home, ".local", "share", AppName), nil
}

func configDir(env Env) (string, error) {
	switch env.GOOS {
	case "windows":
		if d := env.Getenv("APPDATA"); d != "" {
			return filepath.Join(d, AppName), nil
		}
	case "darwin":
		home, err := env.HomeDir()
		if err != nil {
			return "", fmt.Errorf("config: home dir: %w", err)
		}
		return filepath.Join(home, "Library", "Preferences", AppName), nil
	default:
		if d := env.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, AppName), nil
		}
	}
	home, err := env.HomeDir()
	if err != nil {
		return "", fmt.Errorf("config: home dir: %w", err)
	}
	return filepath.Join(home, ".config", AppName), nil
}
