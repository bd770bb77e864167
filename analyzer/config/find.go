package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// FileNames are the names Find looks for, in order of preference.
var FileNames = []string{".tenantleak.yml", ".tenantleak.yaml"}

// Find returns the path of the nearest config file (FileNames) in dir or
// above it, stopping at the directory that holds go.mod (inclusive), or at
// the file system root when there is none; "" if there is no config file.
// The nearest file wins: files further up are not merged. Both names in one
// directory is an error, as is a file Find cannot stat.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		found := ""
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			ok, err := present(p)
			if err != nil {
				return "", err
			}
			if !ok {
				continue
			}
			if found != "" {
				return "", &Error{File: p, Msg: fmt.Sprintf("both %s and %s exist; keep one", FileNames[0], FileNames[1])}
			}
			found = p
		}
		if found != "" {
			return found, nil
		}
		root, err := exists(filepath.Join(dir, "go.mod"))
		if err != nil {
			return "", err
		}
		parent := filepath.Dir(dir)
		if root || parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// present is exists for a config file name: a symbolic link counts even
// when it points nowhere, so that a broken link is reported when the file
// is read rather than silently giving the defaults.
func present(p string) (bool, error) {
	_, err := os.Lstat(p)
	if err == nil {
		return true, nil
	}
	if os.IsNotExist(err) {
		return false, nil
	}
	return false, err
}

func exists(p string) (bool, error) {
	_, err := os.Stat(p)
	if err == nil {
		return true, nil
	}
	if os.IsNotExist(err) {
		return false, nil
	}
	return false, err
}

// Loader finds, loads and caches configs so that each file is read and
// validated once, however many packages share it. It is safe for
// concurrent use; its zero value is ready.
type Loader struct {
	mu       sync.Mutex
	override string  // -config file
	settings *Config // golangci-lint settings
	dirs     map[string]*once
	files    map[string]*once // by absolute path; "" holds the defaults
}

type once struct {
	sync.Once
	c   *Config
	err error
}

// std is the loader of the package-level functions.
var std Loader

// ForDir returns the config for the package in dir (absolute): the one set
// by SetConfig, else the -config file set by SetOverride, else the nearest
// config file (Find), else the defaults. Results, errors included, are
// cached per process.
func ForDir(dir string) (*Config, error) { return std.ForDir(dir) }

// SetOverride makes ForDir use the config file at path for every package
// (-config FILE); "" clears it. A relative path resolves against the working
// directory now.
func SetOverride(path string) { std.SetOverride(path) }

// SetConfig makes ForDir return c for every package (golangci-lint settings,
// see FromMap); nil clears it. It takes precedence over SetOverride.
func SetConfig(c *Config) { std.SetConfig(c) }

// ForDir is the package-level ForDir on l.
func (l *Loader) ForDir(dir string) (*Config, error) {
	l.mu.Lock()
	if c := l.settings; c != nil {
		l.mu.Unlock()
		return c, nil
	}
	if l.dirs == nil {
		l.dirs = map[string]*once{}
	}
	e := l.dirs[dir]
	if e == nil {
		e = &once{}
		l.dirs[dir] = e
	}
	override := l.override
	l.mu.Unlock()

	e.Do(func() {
		path := override
		if path == "" {
			if path, e.err = Find(dir); e.err != nil {
				return
			}
		}
		e.c, e.err = l.file(path)
	})
	return e.c, e.err
}

// file loads the config at the absolute path once; "" is the defaults.
func (l *Loader) file(path string) (*Config, error) {
	l.mu.Lock()
	if l.files == nil {
		l.files = map[string]*once{}
	}
	e := l.files[path]
	if e == nil {
		e = &once{}
		l.files[path] = e
	}
	l.mu.Unlock()
	e.Do(func() {
		if path == "" {
			e.c = Default()
			return
		}
		e.c, e.err = Load(path)
	})
	return e.c, e.err
}

// SetOverride is the package-level SetOverride on l.
func (l *Loader) SetOverride(path string) {
	if path != "" {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if path != l.override {
		l.override = path
		l.dirs = nil // resolved under the old override
	}
}

// SetConfig is the package-level SetConfig on l.
func (l *Loader) SetConfig(c *Config) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.settings = c
}

// ModuleRoot returns the nearest directory at or above dir that holds a
// go.mod file, or "" if there is none.
func ModuleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}
