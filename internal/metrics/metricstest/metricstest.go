// Package metricstest reads a Prometheus text exposition in tests: scrape
// a /metrics URL, then look series up by name and labels.
package metricstest

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Exposition is the text a /metrics endpoint served.
type Exposition string

// Scrape fetches url (a /metrics endpoint), failing the test unless it
// answers 200.
func Scrape(tb testing.TB, url string) Exposition {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("%s: %d %s", url, resp.StatusCode, b)
	}
	return Exposition(b)
}

// Value is the value of the first series name{labels} and whether there is
// one. labels are "key", "value" pairs the series must carry (it may carry
// more).
func (e Exposition) Value(name string, labels ...string) (float64, bool) {
	for _, line := range strings.Split(string(e), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		series, val, ok := strings.Cut(line, " ")
		if !ok || (series != name && !strings.HasPrefix(series, name+"{")) {
			continue
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			match = match && strings.Contains(series, labels[i]+`="`+labels[i+1]+`"`)
		}
		if match {
			f, err := strconv.ParseFloat(val, 64)
			return f, err == nil
		}
	}
	return 0, false
}
