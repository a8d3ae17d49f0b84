package project

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Both file systems behave alike.
func TestFS(t *testing.T) {
	disk, err := NewDirFS(t.TempDir())
	require.NoError(t, err)
	for name, fsys := range map[string]FS{"disk": disk, "memory": NewMemFS("/proj")} {
		t.Run(name, func(t *testing.T) {
			require.True(t, IsDir(fsys, "."))
			require.False(t, Exists(fsys, "a"))
			_, err := fsys.ReadFile("a/b.txt")
			require.ErrorIs(t, err, fs.ErrNotExist)
			require.ErrorIs(t, fsys.WriteFile("a/b.txt", []byte("x")), fs.ErrNotExist)

			require.NoError(t, fsys.MkdirAll("a/c"))
			require.NoError(t, fsys.WriteFile("a/b.txt", []byte("hello")))
			require.NoError(t, fsys.WriteFile("a/b.txt", []byte("hello again")))
			data, err := fsys.ReadFile("a/b.txt")
			require.NoError(t, err)
			require.Equal(t, "hello again", string(data))
			require.True(t, Exists(fsys, "a/b.txt"))
			require.False(t, IsDir(fsys, "a/b.txt"))
			require.True(t, IsDir(fsys, "a/c"))
			fi, err := fsys.Stat("a/b.txt")
			require.NoError(t, err)
			require.Equal(t, "b.txt", fi.Name())
			require.Equal(t, int64(11), fi.Size())

			entries, err := fsys.ReadDir("a")
			require.NoError(t, err)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
				require.Equal(t, e.Name() == "c", e.IsDir())
			}
			require.Equal(t, []string{"b.txt", "c"}, names)
			_, err = fsys.ReadDir("nope")
			require.ErrorIs(t, err, fs.ErrNotExist)

			require.Error(t, fsys.MkdirAll("a/b.txt/d"))
			_, err = fsys.ReadFile("../escape")
			require.ErrorIs(t, err, fs.ErrInvalid)
			_, err = fsys.ReadFile("/abs")
			require.ErrorIs(t, err, fs.ErrInvalid)
		})
	}
	require.Equal(t, "/proj/a/b.txt", NewMemFS("/proj").Abs("a/b.txt"))
	require.Equal(t, "/", NewMemFS("").Abs("."))
	m := MemFSOf("/p", map[string]string{"x/y.txt": "1"})
	require.Equal(t, map[string]string{"x/y.txt": "1"}, m.Files())
}

// A project file is a regular file of at most MaxFileSize bytes: a link to a
// device (which would be read forever) and a bigger file are refused before
// they are read, with the reason.
func TestFSRefusesWhatIsNoProjectFile(t *testing.T) {
	dir := t.TempDir()
	disk, err := NewDirFS(dir)
	require.NoError(t, err)
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.py")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "big.py"), make([]byte, MaxFileSize+1), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fits.py"), make([]byte, MaxFileSize), 0o644))

	_, err = disk.ReadFile("zero.py")
	require.ErrorIs(t, err, ErrNotRegular)
	require.ErrorContains(t, err, "zero.py: not a regular file: a character device")
	_, err = disk.ReadFile("big.py")
	require.ErrorIs(t, err, ErrTooLarge)
	require.ErrorContains(t, err, "big.py: file too large: 4194305 bytes, over the 4 MiB a project file may have")
	data, err := disk.ReadFile("fits.py")
	require.NoError(t, err)
	require.Len(t, data, MaxFileSize)

	mem := NewMemFS("/p")
	require.ErrorIs(t, mem.WriteFile("big.py", make([]byte, MaxFileSize+1)), ErrTooLarge)
	require.False(t, Exists(mem, "big.py"))
	_, err = NewMapFS("", map[string]string{"models.py": strings.Repeat("x", MaxFileSize+1), "ok.py": "x"})
	require.ErrorIs(t, err, ErrTooLarge)
}

// CreateFile never replaces a file.
func TestCreateFile(t *testing.T) {
	disk, err := NewDirFS(t.TempDir())
	require.NoError(t, err)
	for name, fsys := range map[string]FS{"disk": disk, "memory": NewMemFS("/proj")} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, fsys.CreateFile("a.py", []byte("first")))
			require.ErrorIs(t, fsys.CreateFile("a.py", []byte("second")), fs.ErrExist)
			data, err := fsys.ReadFile("a.py")
			require.NoError(t, err)
			require.Equal(t, "first", string(data))
		})
	}
}
