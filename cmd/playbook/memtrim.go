package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// trimMemoryWhenQuiet gives freed memory back to the operating system when
// the server is quiet. Go keeps freed heap memory mapped up to about its next
// GC target — twice the live heap — so after a burst (thousands of phones
// joining and connecting) a server holding idle connections would sit at
// double the memory it needs. Every interval, if the program allocated
// little since the last look (no burst in progress) and a good amount of
// heap memory is free or garbage, it runs a collection and returns that memory
// (quality S2, memory per idle connection). Under load it does nothing.
func trimMemoryWhenQuiet(ctx context.Context, interval time.Duration, log *slog.Logger) {
	samples := []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	const quietAlloc = 32 << 20 // allocated per interval below which the server is quiet
	const worthIt = 16 << 20    // garbage and free heap memory worth returning
	var last uint64
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		metrics.Read(samples)
		allocs, free := samples[0].Value.Uint64(), samples[1].Value.Uint64()
		objects, live := samples[2].Value.Uint64(), samples[3].Value.Uint64()
		// Reclaimable: memory already free, and objects allocated since the
		// last collection that it would free (garbage, when quiet).
		reclaimable := free
		if objects > live {
			reclaimable += objects - live
		}
		quiet := last != 0 && allocs-last < quietAlloc
		last = allocs
		if quiet && reclaimable > worthIt {
			start := time.Now()
			debug.FreeOSMemory()
			log.Debug("returned free memory to the system", "reclaimable_bytes", reclaimable, "took", time.Since(start))
		}
	}
}
