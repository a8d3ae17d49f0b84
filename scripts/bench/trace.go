package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// traceCategories are what DevTools' Performance panel records: the main
// thread's and the workers' tasks, V8's compiles, the page's marks and
// V8's CPU samples (where a script's time goes).
var traceCategories = []string{
	"devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame",
	"v8", "v8.execute", "disabled-by-default-v8.compile", "blink.user_timing", "loading", "toplevel", "blink", "netlog",
	"disabled-by-default-devtools.timeline.stack", "fonts", "disabled-by-default-fonts", "blink.fonts", "disabled-by-default-v8.cpu_profiler",
	"v8.wasm", "disabled-by-default-v8.wasm.detailed",
}

// traceLoad records a Chromium trace of one first visit to url (a fresh
// profile, as a cold load) at the CPU throttling rate, or with repeat of a
// visit 5 s after it (as a repeat load), and writes it to file in the JSON
// format DevTools and Perfetto open (-trace, -trace-repeat).
func (b *bench) traceLoad(url string, rate float64, file string, repeat bool) error {
	br, err := b.newBrowser()
	if err != nil {
		return err
	}
	defer br.cancel()
	if err := br.warmUp(); err != nil {
		return err
	}
	if err := br.throttled(rate); err != nil {
		return err
	}
	if repeat {
		if _, err := br.load(url); err != nil {
			return err
		}
		time.Sleep(5 * time.Second) // as load's repeat visits: the code cache written
	}
	var mu sync.Mutex
	var events []json.RawMessage
	done := make(chan struct{})
	err = chromedp.Listen(br.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range ev.Value {
				events = append(events, json.RawMessage(v))
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	if err != nil {
		return err
	}
	err = chromedp.Do(br.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
		})
		return err
	}))
	if err != nil {
		return fmt.Errorf("starting the trace: %w", err)
	}
	t, loadErr := br.load(url)
	err = chromedp.Do(br.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.End, cdp.Empty{})
		return err
	}))
	if err != nil {
		return fmt.Errorf("ending the trace: %w", err)
	}
	<-done
	mu.Lock()
	defer mu.Unlock()
	data, err := json.Marshal(map[string]any{"traceEvents": events})
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return err
	}
	if loadErr != nil {
		return fmt.Errorf("the trace is in %s: %w", file, loadErr)
	}
	kind := "cold"
	if repeat {
		kind = "repeat"
	}
	b.logf("trace of a %s load (CPU %gx, ready at %.0f ms, %d events) in %s: %s", kind, rate, t.Ready, len(events), file, t)
	return nil
}
