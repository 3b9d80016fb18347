package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jcabot/jcabot/adapters/slack/slackfake"
	"github.com/jcabot/jcabot/internal/benchreg"
	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/jca"
)

// BenchmarkServe100k runs the jcabot binary itself, `jcabot serve` for
// Slack over HTTP (a stand-in Slack on loopback), on a data file holding
// the large register (100,000 activities, imported through the store), and
// measures what an operator sees: the time from starting the process to
// /readyz answering 200 (ms-to-ready), to the log line saying its indexes
// are filled (ms-to-indexed), and the process's resident memory then, idle
// (MB-resident-idle), and after ten commands (MB-resident, from /proc: the
// heap, the runtime, and the pages of the memory-mapped data file it has
// touched), and what the whole-register report costs it (reportRun).
func BenchmarkServe100k(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "jcabot")
	goTool := os.Getenv("GO")
	if goTool == "" {
		goTool = "go"
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "jca.db")
	ctx := context.Background()
	v, err := jca.NewVocabulary(jca.DefaultVocabulary())
	if err != nil {
		b.Fatal(err)
	}
	db, err := bolt.Open(ctx, data, bolt.Options{NoSync: true, Vocabulary: v})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.ImportSnapshot(ctx, benchreg.Register(v, benchreg.Large)); err != nil {
		b.Fatal(err)
	}
	db.Close()
	fake := slackfake.New(b)
	var ready, indexed float64
	var idle, mem map[string]float64
	var rep reportRun
	for b.Loop() {
		ready, indexed, idle, mem, rep = serveOnce(b, bin, data, fake)
	}
	b.ReportMetric(idle["VmRSS"], "MB-resident-idle")
	b.ReportMetric(rep.ms, "ms-report")
	b.ReportMetric(rep.peakRise, "MB-report-peak-rise")
	b.ReportMetric(rep.peakOwn, "MB-report-peak-rise-own")
	b.ReportMetric(rep.peakFile, "MB-report-peak-rise-file")
	b.ReportMetric(rep.after, "MB-resident-after-report")
	b.ReportMetric(rep.afterOwn, "MB-own-after-report")
	b.ReportMetric(rep.afterFile, "MB-file-after-report")
	b.ReportMetric(ready, "ms-to-ready")
	b.ReportMetric(indexed, "ms-to-indexed")
	b.ReportMetric(mem["VmRSS"], "MB-resident")
	b.ReportMetric(mem["RssAnon"], "MB-resident-own")
	b.ReportMetric(mem["RssFile"], "MB-resident-file")
	if st, err := os.Stat(data); err == nil {
		b.ReportMetric(float64(st.Size())/(1<<20), "MB-data-file")
	}
}

// reportRun is what the whole-register report costs the serving process,
// asked through `jcabot export` (the control socket): its time, how far its
// resident memory peaked above where it was (VmHWM, reset just before), and
// where it is once the report is written.
type reportRun struct{ ms, peakRise, peakOwn, peakFile, after, afterOwn, afterFile float64 }

func serveOnce(b *testing.B, bin, data string, fake *slackfake.Server) (ready, indexed float64, idle, mem map[string]float64, rep reportRun) {
	b.Helper()
	// A port chosen before the start, so /readyz is asked from the first
	// moment, as a load balancer would.
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := probe.Addr().String()
	probe.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "JCABOT_DATA="+data, "JCABOT_ADDR="+addr, "SLACK_BOT_TOKEN=xoxb-1-test",
		"SLACK_SIGNING_SECRET="+e2eSecret, "SLACK_API_URL="+fake.GetAPIURL())
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	indexedAt := make(chan time.Duration, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			json.Unmarshal(sc.Bytes(), &line)
			if line.Msg == "indexed the register" {
				indexedAt <- time.Since(start)
			}
		}
	}()
	base := "http://" + addr
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > 30*time.Second {
			b.Fatal("never ready")
		}
		time.Sleep(time.Millisecond)
	}
	ready = float64(time.Since(start).Microseconds()) / 1000
	select {
	case d := <-indexedAt:
		indexed = float64(d.Microseconds()) / 1000
	case <-time.After(30 * time.Second):
		b.Fatal("serve never said its indexes are filled")
	}
	time.Sleep(100 * time.Millisecond) // the log line is written just before the fill's garbage is returned
	idle = residentMB(b, cmd.Process.Pid)
	for i, text := range []string{"activity list", "find ipv6 security", "activity matrix", "liaison show L-1", "org list",
		"topic list", "member list --group SG13", "poll show P-1", "activity show A-5", "liaison list --open"} {
		form := slackfake.Command("T0JCA", "C1", "U"+strconv.Itoa(i), text, fake.ResponseURL("h"))
		req := slackfake.Signed(b, base+"/slack/commands", e2eSecret, time.Now(), "application/x-www-form-urlencoded", []byte(form.Encode()))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d", text, resp.StatusCode)
		}
	}
	mem = residentMB(b, cmd.Process.Pid)

	pid := strconv.Itoa(cmd.Process.Pid)
	if err := os.WriteFile("/proc/"+pid+"/clear_refs", []byte("5"), 0); err != nil { // resets VmHWM
		b.Fatal(err)
	}
	before := residentMB(b, cmd.Process.Pid)["VmRSS"]
	stopSampling := make(chan struct{})
	sampled := make(chan [2]float64, 1)
	go func() { // the peaks of each part, for the README's explanation
		var top [2]float64
		for {
			select {
			case <-stopSampling:
				sampled <- top
				return
			case <-time.After(2 * time.Millisecond):
				m := residentMB(b, cmd.Process.Pid)
				top[0], top[1] = max(top[0], m["RssAnon"]), max(top[1], m["RssFile"])
			}
		}
	}()
	t0 := time.Now()
	export := exec.Command(bin, "export", "--format", "md", "--out", filepath.Join(filepath.Dir(data), "report.md"), "--timeout", "60s")
	export.Env = append(os.Environ(), "JCABOT_DATA="+data)
	if out, err := export.CombinedOutput(); err != nil {
		b.Fatalf("export: %v\n%s", err, out)
	}
	rep.ms = float64(time.Since(t0).Microseconds()) / 1000
	close(stopSampling)
	tops := <-sampled
	rep.peakOwn, rep.peakFile = tops[0]-mem["RssAnon"], tops[1]-mem["RssFile"]
	after := residentMB(b, cmd.Process.Pid)
	rep.peakRise, rep.after, rep.afterOwn, rep.afterFile = after["VmHWM"]-before, after["VmRSS"], after["RssAnon"], after["RssFile"]
	return ready, indexed, idle, mem, rep
}

// residentMB reads a process's resident memory from /proc, in MB: VmRSS,
// and its parts RssAnon (the process's own: heap, stacks, runtime) and
// RssFile (pages of mapped files in memory, the data file's among them,
// which the kernel may drop at any time since they are clean).
func residentMB(b *testing.B, pid int) map[string]float64 {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[2] == "kB" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			out[strings.TrimSuffix(f[0], ":")] = kb / 1024
		}
	}
	if out["VmRSS"] == 0 {
		b.Fatal("no VmRSS")
	}
	return out
}
