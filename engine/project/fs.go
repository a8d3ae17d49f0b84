// Package project is an Alembic project on any file system: a folder on disk
// or files in memory (the browser). It reads alembic.ini as Python's
// configparser does, names new revision files as Alembic does, and writes the
// files `retort init` creates.
package project

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// FS is the file system a project lives on. Names are slash-separated paths
// relative to the FS root, as io/fs takes them ("alembic.ini",
// "alembic/versions/1f67b9e072b7_create_users_table.py"); "." is the root.
// Errors for missing files wrap fs.ErrNotExist.
type FS interface {
	// ReadFile returns the file's contents.
	ReadFile(name string) ([]byte, error)
	// WriteFile creates or replaces the file; its folder must exist.
	WriteFile(name string, data []byte) error
	// CreateFile creates a file that does not exist yet; when name exists the
	// error wraps fs.ErrExist and nothing is written.
	CreateFile(name string, data []byte) error
	// ReadDir lists a folder, sorted by name.
	ReadDir(name string) ([]fs.DirEntry, error)
	// Stat describes a file or folder.
	Stat(name string) (fs.FileInfo, error)
	// MkdirAll creates a folder and any missing parents.
	MkdirAll(name string) error
	// Abs is the path to show the user for name (Alembic prints absolute paths:
	// "Generating /path/to/project/alembic/versions/..."). For a folder on disk
	// it is the real absolute path; in memory, the root is a chosen path.
	Abs(name string) string
}

// MaxFileSize is the largest project file Retort reads or keeps: 4 MiB. The
// largest files a project holds are revision scripts, and the largest the
// benchmarks make (the first migration of the 200-table model, one
// create_table each) is 165 KB; a file 25 times that is no Alembic project's
// but a mistake or an attack (a symbolic link to /dev/zero, a share link's
// bomb), and reading it whole would stop the engine.
const MaxFileSize = 4 << 20

// ErrTooLarge is wrapped when a file is over MaxFileSize.
var ErrTooLarge = errors.New("file too large")

// ErrNotRegular is wrapped when a name is neither a plain file nor a folder
// (a device, a pipe, a socket; a symbolic link is followed).
var ErrNotRegular = errors.New("not a regular file")

func tooLarge(op, name string, size int64) error {
	return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w: %d bytes, over the %d MiB a project file may have", ErrTooLarge, size, MaxFileSize>>20)}
}

// Exists reports whether name exists (file or folder).
func Exists(fsys FS, name string) bool {
	_, err := fsys.Stat(name)
	return err == nil
}

// IsDir reports whether name exists and is a folder.
func IsDir(fsys FS, name string) bool {
	fi, err := fsys.Stat(name)
	return err == nil && fi.IsDir()
}

func checkName(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return nil
}

// DirFS is a folder on disk. Unlike os.DirFS it can write.
type DirFS struct {
	root string // absolute
}

// NewDirFS returns the folder dir (made absolute) as an FS.
func NewDirFS(dir string) (*DirFS, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("project folder %s: %w", dir, err)
	}
	return &DirFS{root: abs}, nil
}

func (d *DirFS) path(op, name string) (string, error) {
	if err := checkName(op, name); err != nil {
		return "", err
	}
	return filepath.Join(d.root, filepath.FromSlash(name)), nil
}

// ReadFile reads a regular file of at most MaxFileSize bytes: a device, a
// pipe or a bigger file is refused before it is read.
func (d *DirFS) ReadFile(name string) ([]byte, error) {
	p, err := d.path("read", name)
	if err != nil {
		return nil, err
	}
	// Stat before opening: opening a named pipe would wait for a writer.
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if err := regularFile(p, fi); err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regularFile(p, fi); err != nil {
		return nil, err
	}
	if fi.Size() > MaxFileSize {
		return nil, tooLarge("read", p, fi.Size())
	}
	// The file may grow while it is read: read no more than the limit.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge("read", p, int64(len(data)))
	}
	return data, nil
}

// regularFile refuses what is not a regular file, naming it.
func regularFile(p string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return &fs.PathError{Op: "read", Path: p, Err: errors.New("is a directory")}
		}
		return &fs.PathError{Op: "read", Path: p, Err: fmt.Errorf("%w: %s", ErrNotRegular, fileKind(fi.Mode()))}
	}
	return nil
}

// fileKind names what a file that is not a regular one is.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

func (d *DirFS) WriteFile(name string, data []byte) error {
	p, err := d.path("write", name)
	if err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func (d *DirFS) CreateFile(name string, data []byte) error {
	p, err := d.path("create", name)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return &fs.PathError{Op: "create", Path: p, Err: fs.ErrExist}
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

func (d *DirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := d.path("readdir", name)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(p) // sorted by name
}

func (d *DirFS) Stat(name string) (fs.FileInfo, error) {
	p, err := d.path("stat", name)
	if err != nil {
		return nil, err
	}
	return os.Stat(p)
}

func (d *DirFS) MkdirAll(name string) error {
	p, err := d.path("mkdir", name)
	if err != nil {
		return err
	}
	return os.MkdirAll(p, 0o755)
}

func (d *DirFS) Abs(name string) string {
	return filepath.Join(d.root, filepath.FromSlash(path.Clean(name)))
}

// MemFS is a project held in memory (the browser's files). It is safe for
// concurrent use. Folders exist when created with MkdirAll or when a file
// is written inside them.
type MemFS struct {
	mu     sync.RWMutex
	root   string
	files  map[string][]byte
	dirs   map[string]bool
	writes uint64 // files written so far (Writes)
}

// NewMemFS returns an empty in-memory FS whose root is shown as root (for
// example "/project"; "" means "/").
func NewMemFS(root string) *MemFS {
	if root == "" {
		root = "/"
	}
	return &MemFS{root: root, files: map[string][]byte{}, dirs: map[string]bool{".": true}}
}

// MemFSOf returns an in-memory FS holding the given files (name -> contents).
// A file it cannot hold (a name that is no FS path, a file over MaxFileSize,
// a file where another is a folder) is left out: NewMapFS says which.
func MemFSOf(root string, files map[string]string) *MemFS {
	m, _ := NewMapFS(root, files)
	return m
}

// NewMapFS is MemFSOf, and the error (errors joined, by name) for the files it
// left out.
func NewMapFS(root string, files map[string]string) (*MemFS, error) {
	m := NewMemFS(root)
	names := slices.Sorted(maps.Keys(files))
	var errs []error
	for _, name := range names {
		if err := m.MkdirAll(path.Dir(name)); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := m.WriteFile(name, []byte(files[name])); err != nil {
			errs = append(errs, err)
		}
	}
	return m, errors.Join(errs...)
}

// Files returns a copy of every file (name -> contents).
func (m *MemFS) Files() map[string]string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make(map[string]string, len(m.files))
	for k, v := range m.files {
		out[k] = string(v)
	}
	return out
}

func (m *MemFS) ReadFile(name string) ([]byte, error) {
	if err := checkName("read", name); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	data, ok := m.files[name]
	if !ok {
		if m.dirs[name] {
			return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
		}
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return slices.Clone(data), nil
}

// WriteFile keeps a file of at most MaxFileSize bytes.
func (m *MemFS) WriteFile(name string, data []byte) error {
	return m.write("write", name, data, true)
}

func (m *MemFS) CreateFile(name string, data []byte) error {
	return m.write("create", name, data, false)
}

func (m *MemFS) write(op, name string, data []byte, replace bool) error {
	if err := checkName(op, name); err != nil {
		return err
	}
	if len(data) > MaxFileSize {
		return tooLarge(op, name, int64(len(data)))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if name == "." || m.dirs[name] {
		return &fs.PathError{Op: op, Path: name, Err: errors.New("is a directory")}
	}
	if !m.dirs[path.Dir(name)] {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	if _, ok := m.files[name]; ok && !replace {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrExist}
	}
	m.files[name] = slices.Clone(data)
	m.writes++
	return nil
}

// Writes is how many times a file was written so far: a command that leaves
// it as it was changed no file.
func (m *MemFS) Writes() uint64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.writes
}

func (m *MemFS) MkdirAll(name string) error {
	if err := checkName("mkdir", name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for p := name; ; p = path.Dir(p) {
		if _, isFile := m.files[p]; isFile {
			return &fs.PathError{Op: "mkdir", Path: p, Err: errors.New("not a directory")}
		}
		m.dirs[p] = true
		if p == "." {
			return nil
		}
	}
}

func (m *MemFS) Stat(name string) (fs.FileInfo, error) {
	if err := checkName("stat", name); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if data, ok := m.files[name]; ok {
		return memInfo{name: path.Base(name), size: int64(len(data))}, nil
	}
	if m.dirs[name] {
		return memInfo{name: path.Base(name), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (m *MemFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := checkName("readdir", name); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if !m.dirs[name] {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	var out []fs.DirEntry
	for f, data := range m.files {
		if path.Dir(f) == name {
			out = append(out, fs.FileInfoToDirEntry(memInfo{name: path.Base(f), size: int64(len(data))}))
		}
	}
	for d := range m.dirs {
		if d != "." && d != name && path.Dir(d) == name {
			out = append(out, fs.FileInfoToDirEntry(memInfo{name: path.Base(d), dir: true}))
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

func (m *MemFS) Abs(name string) string {
	return path.Join(m.root, path.Clean(name))
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
