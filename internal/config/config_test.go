package config

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoad(t *testing.T) {
	home := func() (string, error) { return "/home/u", nil }
	tests := []struct {
		name string
		env  map[string]string
		goos string
		want Config
	}{
		{
			name: "linux defaults",
			goos: "linux",
			want: Config{DataDir: "/home/u/.local/share/tftsr", DBPath: "/home/u/.local/share/tftsr/tftsr.db", ConfigDir: "/home/u/.config/tftsr"},
		},
		{
			name: "xdg dirs",
			goos: "linux",
			env:  map[string]string{"XDG_DATA_HOME": "/x/data", "XDG_CONFIG_HOME": "/x/conf"},
			want: Config{DataDir: "/x/data/tftsr", DBPath: "/x/data/tftsr/tftsr.db", ConfigDir: "/x/conf/tftsr"},
		},
		{
			name: "relative xdg ignored as the spec says",
			goos: "linux",
			env:  map[string]string{"XDG_DATA_HOME": "rel"},
			want: Config{DataDir: "/home/u/.local/share/tftsr", DBPath: "/home/u/.local/share/tftsr/tftsr.db", ConfigDir: "/home/u/.config/tftsr"},
		},
		{
			name: "TFTSR_DATA_DIR wins; key file stays out of it",
			goos: "linux",
			env:  map[string]string{"TFTSR_DATA_DIR": "/d", "XDG_DATA_HOME": "/x/data"},
			want: Config{DataDir: "/d", DBPath: "/d/tftsr.db", ConfigDir: "/home/u/.config/tftsr"},
		},
		{
			name: "darwin",
			goos: "darwin",
			want: Config{DataDir: "/home/u/Library/Application Support/tftsr", DBPath: "/home/u/Library/Application Support/tftsr/tftsr.db", ConfigDir: "/home/u/Library/Preferences/tftsr"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(Env{Getenv: func(k string) string { return tt.env[k] }, HomeDir: home, GOOS: tt.goos})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadRelativeDataDirIsMadeAbsolute(t *testing.T) {
	got, err := Load(Env{Getenv: func(k string) string {
		if k == "TFTSR_DATA_DIR" {
			return "rel/dir"
		}
		return ""
	}, HomeDir: func() (string, error) { return "/h", nil }, GOOS: "linux"})
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(got.DataDir) {
		t.Errorf("DataDir = %q, want absolute", got.DataDir)
	}
}

func TestLoadNoHome(t *testing.T) {
	_, err := Load(Env{Getenv: func(string) string { return "" }, HomeDir: func() (string, error) { return "", errors.New("no home") }, GOOS: "linux"})
	if err == nil {
		t.Fatal("Load without home and TFTSR_DATA_DIR: want error")
	}
}
