package testbot

import (
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// LoadResult is what one load run saw.
type LoadResult struct {
	Rate     float64 // requests per second
	P50, P99 time.Duration
}

// Load sends n requests over conns concurrent keep-alive connections,
// request(i) building the i-th, and times each from sending it to the end
// of its answer; the rate is over the whole run. served(status, body) says
// whether an answer counts: one that does not, or a request that fails,
// fails the benchmark. The adapters' slash-command benchmarks share it, so
// their figures are measured alike.
func Load(b *testing.B, conns, n int, request func(i int) *http.Request, served func(status int, body []byte) bool) LoadResult {
	b.Helper()
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	lat := make([]time.Duration, n)
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				req := request(i)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				lat[i] = time.Since(t0)
				if err != nil || !served(resp.StatusCode, body) {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if f := failed.Load(); f > 0 {
		b.Fatalf("%d of %d requests failed", f, n)
	}
	slices.Sort(lat)
	return LoadResult{Rate: float64(n) / elapsed.Seconds(), P50: lat[n/2], P99: lat[n*99/100]}
}

// MeanLoad averages the runs of a benchmark's iterations.
func MeanLoad(rs []LoadResult) LoadResult {
	var m LoadResult
	for _, r := range rs {
		m.Rate += r.Rate / float64(len(rs))
		m.P50 += r.P50 / time.Duration(len(rs))
		m.P99 += r.P99 / time.Duration(len(rs))
	}
	return m
}
