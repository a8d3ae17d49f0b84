package dist

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// compressible lists the extensions that get .gz and .br copies.
var compressible = map[string]bool{".wasm": true, ".js": true, ".css": true, ".html": true, ".json": true}

// compress writes name.gz (gzip, best) and name.br (brotli at BrotliQuality)
// beside every compressible file whose content changed since the copies were
// made (a manifest in .compress-manifest remembers the content hashes). With
// NoCompress it only removes copies that no longer match, so a server never
// sends a stale one.
func (b *builder) compress() error {
	manifestFile := filepath.Join(b.out, ".compress-manifest")
	manifest := map[string]string{}
	if raw, err := os.ReadFile(manifestFile); err == nil {
		_ = json.Unmarshal(raw, &manifest) // a bad manifest only means recompressing
	}
	entries, err := os.ReadDir(b.out)
	if err != nil {
		return err
	}
	type job struct {
		name    string
		content []byte
		sum     string
	}
	var jobs []job
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !compressible[filepath.Ext(name)] || strings.HasPrefix(name, ".") {
			continue
		}
		content, err := os.ReadFile(filepath.Join(b.out, name))
		if err != nil {
			return err
		}
		h := sha256.Sum256(content)
		sum := fmt.Sprintf("%s q%d", hex.EncodeToString(h[:]), b.o.BrotliQuality)
		_, gzErr := os.Stat(filepath.Join(b.out, name+".gz"))
		_, brErr := os.Stat(filepath.Join(b.out, name+".br"))
		if manifest[name] == sum && gzErr == nil && brErr == nil {
			continue
		}
		if b.o.NoCompress {
			os.Remove(filepath.Join(b.out, name+".gz"))
			os.Remove(filepath.Join(b.out, name+".br"))
			delete(manifest, name)
			continue
		}
		jobs = append(jobs, job{name, content, sum})
	}
	// Two at a time (the machine has two cores); the wasm's brotli dominates.
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
		sem      = make(chan struct{}, 2)
	)
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			err := b.compressOne(j.name, j.content)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if err == nil {
				manifest[j.name] = j.sum
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	raw, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(manifestFile, raw, 0o644)
}

func (b *builder) compressOne(name string, content []byte) error {
	gz, err := Gzip(content)
	if err != nil {
		return err
	}
	if err := b.writeIfChanged(name+".gz", gz); err != nil {
		return err
	}
	return b.writeIfChanged(name+".br", Brotli(content, b.o.BrotliQuality))
}

// Gzip compresses at gzip.BestCompression.
func Gzip(content []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(content); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Brotli compresses at the given quality (0-11) with a 16 MiB window.
func Brotli(content []byte, quality int) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: quality, LGWin: 24})
	w.Write(content) // writes to a bytes.Buffer cannot fail
	w.Close()
	return buf.Bytes()
}
