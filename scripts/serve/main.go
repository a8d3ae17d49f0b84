// Command serve builds dist/ and serves it on http://localhost:8080, with
// precompressed copies when the browser accepts them, and rebuilds when
// web/, examples/ or Go sources change: `go run ./scripts/serve`.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"sync"
	"time"

	"retort/scripts/dist"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	compress := flag.Bool("compress", true, "write and serve the .gz/.br copies")
	brotli := flag.Int("brotli", dist.DevBrotliQuality, "brotli quality (0-11) for the .br copies")
	flag.Parse()

	root, err := dist.FindRoot()
	if err != nil {
		log.Fatal(err)
	}
	o := dist.Options{Root: root, NoCompress: !*compress, BrotliQuality: *brotli, Log: os.Stderr}
	var mu sync.Mutex // one build at a time
	build := func() bool {
		mu.Lock()
		defer mu.Unlock()
		res, err := dist.Build(o)
		if err != nil {
			log.Printf("build failed: %v", err)
			return false
		}
		log.Printf("built in %v", res.Took.Round(time.Millisecond))
		return true
	}
	if !build() {
		os.Exit(1)
	}
	go dist.Watch(context.Background(), root, 500*time.Millisecond, func() {
		log.Print("sources changed, rebuilding")
		build()
	})
	fmt.Printf("serving %s/dist on http://%s\n", root, *addr)
	log.Fatal(http.ListenAndServe(*addr, dist.Handler(root+"/dist")))
}
