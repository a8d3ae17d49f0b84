package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"retort/scripts/dist"
)

// machine describes the machine the figures came from.
func machine() string {
	cpu := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	mem := ""
	if raw, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		for _, l := range strings.Split(string(raw), "\n") {
			if strings.HasPrefix(l, "MemTotal:") {
				fmt.Sscanf(strings.TrimPrefix(l, "MemTotal:"), "%d", &kb)
			}
		}
		mem = fmt.Sprintf(", %.0f GiB", float64(kb)/(1<<20))
	}
	parts := []string{fmt.Sprintf("%d cores (%s)%s, %s/%s", runtime.NumCPU(), cpu, mem, runtime.GOOS, runtime.GOARCH), runtime.Version()}
	for _, tool := range [][]string{{"node", "--version"}, {"chromium", "--version"}, {"alembic", "--version"}} {
		if out, err := exec.Command(tool[0], tool[1:]...).Output(); err == nil {
			v := strings.TrimSpace(string(out))
			if tool[0] == "node" {
				v = "Node " + v
			}
			if i := strings.Index(v, " built on"); i > 0 {
				v = v[:i]
			}
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, ", ")
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// msText formats a median in milliseconds, with the sample count.
func msText(xs []float64) string {
	if len(xs) == 0 {
		return "—"
	}
	m := median(xs)
	var v string
	switch {
	case m >= 10000:
		v = fmt.Sprintf("%.1f s", m/1000)
	case m >= 100:
		v = fmt.Sprintf("%.0f ms", m)
	case m >= 10:
		v = fmt.Sprintf("%.1f ms", m)
	default:
		v = fmt.Sprintf("%.2f ms", m)
	}
	if len(xs) > 1 {
		v += fmt.Sprintf(" (n=%d)", len(xs))
	} else {
		v += " (once)"
	}
	return v
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	default:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
}

func metText(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func ratioText(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

// command runs a tool in the module root, returning its stdout; stderr goes
// into the error.
func (b *bench) command(env []string, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = b.root
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return out, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

var wasmEnv = []string{"GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0"}

// goBuild builds pkg into the scratch folder: for wasm as dist builds retort.wasm.
func (b *bench) goBuild(out, pkg string, wasm bool) (string, error) {
	out = filepath.Join(b.scratch, out)
	args := []string{"build", "-trimpath", "-o", out, pkg}
	var env []string
	if wasm {
		args, env = dist.WasmBuildArgs(out, pkg, false), wasmEnv
	}
	t := time.Now()
	if _, err := b.command(env, "go", args...); err != nil {
		return "", err
	}
	b.logf("built %s in %v", filepath.Base(out), time.Since(t).Round(time.Millisecond))
	return out, nil
}

// figures parses JSON lines {"name": …, "ms": […]} into a map.
func figures(out []byte) (map[string][]float64, map[string]json.RawMessage, error) {
	ms := map[string][]float64{}
	raw := map[string]json.RawMessage{}
	for _, l := range bytes.Split(out, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		var f struct {
			Name string    `json:"name"`
			MS   []float64 `json:"ms"`
		}
		if err := json.Unmarshal(l, &f); err != nil {
			return nil, nil, fmt.Errorf("%q: %w", l, err)
		}
		if f.MS != nil {
			ms[f.Name] = f.MS
		}
		raw[f.Name] = json.RawMessage(slices.Clone(l))
	}
	return ms, raw, nil
}

// wallTimes runs a command reps times in dir and returns its wall times in ms;
// before runs (untimed) ahead of each.
func wallTimes(reps int, dir string, before func() error, name string, args ...string) ([]float64, error) {
	var times []float64
	for range reps {
		if before != nil {
			if err := before(); err != nil {
				return nil, err
			}
		}
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run()
		d := time.Since(start)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(out.String(), 2000))
		}
		times = append(times, float64(d.Microseconds())/1000)
	}
	return times, nil
}

// loadAvg is the 1-minute load average: above the core count, other work
// shares the machine and every figure is slower than it should be.
func loadAvg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}
