package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/logs"
	"tftsr/internal/store/storetest"
)

type pickerFunc func(string) ([]string, error)

func (f pickerFunc) PickFiles(title string) ([]string, error) { return f(title) }

func newLogService(t *testing.T, picker FilePicker) (*LogService, string) {
	t.Helper()
	db := storetest.New(t)
	log := audit.New(time.Now)
	inc, err := incident.NewService(db, log, time.Now).Create(context.Background(), incident.CreateInput{Title: "Disk full"})
	if err != nil {
		t.Fatal(err)
	}
	return NewLogService(context.Background(), logs.NewService(db, log, time.Now), nil, picker), inc.ID
}

func wait(t *testing.T, s *LogService, id string) LogJob {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		j, err := s.Job(id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Done {
			return j
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("job %s did not finish", id)
	return LogJob{}
}

func TestLogJobs(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "app.log")
	if err := os.WriteFile(good, []byte("one\ntwo\nthree\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, issue := newLogService(t, pickerFunc(func(title string) ([]string, error) {
		if title != "Add log files" {
			t.Errorf("dialog title = %q", title)
		}
		return []string{good}, nil
	}))

	paths, err := s.PickFiles()
	if err != nil || len(paths) != 1 || paths[0] != good {
		t.Fatalf("PickFiles = %v, %v", paths, err)
	}
	j, err := s.Add(issue, paths)
	if err != nil {
		t.Fatal(err)
	}
	j = wait(t, s, j.ID)
	if j.Error != nil || j.Cancelled || len(j.Results) != 1 || j.Results[0].Lines != 3 {
		t.Fatalf("finished job = %+v, want one log of 3 lines", j)
	}
	lines, err := s.Lines(j.Results[0].LogFileID, 2, 5)
	if err != nil || len(lines) != 2 || lines[0].Text != "two" {
		t.Fatalf("Lines = %+v, %v", lines, err)
	}

	t.Run("pasted text", func(t *testing.T) {
		j, err := s.AddText(issue, "", "pasted line")
		if err != nil {
			t.Fatal(err)
		}
		j = wait(t, s, j.ID)
		if j.Error != nil || len(j.Results) != 1 || j.Results[0].FileName != "pasted.log" {
			t.Fatalf("job = %+v, want pasted.log", j)
		}
	})
	t.Run("a failing file is reported on the job", func(t *testing.T) {
		j, err := s.Add(issue, []string{filepath.Join(dir, "missing.log")})
		if err != nil {
			t.Fatal(err)
		}
		j = wait(t, s, j.ID)
		if j.Error == nil || j.Error.Code != "not_found" || !strings.Contains(j.Error.Message, "missing.log") {
			t.Fatalf("job error = %+v, want not_found naming the file", j.Error)
		}
	})
	t.Run("bad input is refused at once", func(t *testing.T) {
		if _, err := s.Add(issue, nil); !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("Add(no paths) = %v, want ErrInvalid", err)
		}
		if _, err := s.AddText(issue, "x", ""); !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("AddText(empty) = %v, want ErrInvalid", err)
		}
		if _, err := s.Job("nope"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Job(unknown) = %v, want ErrNotFound", err)
		}
		if err := s.Cancel("nope"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Cancel(unknown) = %v, want ErrNotFound", err)
		}
	})
	t.Run("delete", func(t *testing.T) {
		id := j.Results[0].LogFileID
		if err := s.Delete(id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Info(id); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Info after delete = %v, want ErrNotFound", err)
		}
		if _, err := os.Stat(good); err != nil {
			t.Errorf("the user's file was touched: %v", err)
		}
	})
}

func TestLogJobCancel(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.log")
	line := strings.Repeat("GET /api/v1/orders 200 12ms upstream=10.0.0.1 ", 4) + "\n"
	if err := os.WriteFile(big, []byte(strings.Repeat(line, 400000)), 0o600); err != nil {
		t.Fatal(err)
	}
	s, issue := newLogService(t, nil)
	j, err := s.Add(issue, []string{big})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Cancel(j.ID); err != nil {
		t.Fatal(err)
	}
	j = wait(t, s, j.ID)
	if !j.Cancelled || len(j.Results) != 0 {
		t.Fatalf("job after cancel = %+v, want cancelled with no results", j)
	}
	if _, err := s.PickFiles(); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("PickFiles without a dialog = %v, want ErrInvalid", err)
	}
}
