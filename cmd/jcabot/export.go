package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/control"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// export and import: the register out of a data file (the report to TSAG,
// or everything as JSON) and into an empty one.

const exportUsage = "jcabot export --format md|csv|html|json --out FILE|- [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--timeout 30s]"

func (m *Main) export(ctx context.Context, args []string) int {
	fs := m.newFlagSet("export", exportUsage)
	format := fs.String("format", "md", "md, csv or html for the report to TSAG; json for the whole register")
	out := fs.String("out", "", "the file to write; - for standard output")
	since := fs.String("since", "", "the report's first day, YYYY-MM-DD in JCABOT_TZ (default: the beginning)")
	until := fs.String("until", "", "the report's last day, YYYY-MM-DD in JCABOT_TZ (default: now)")
	timeout := timeoutFlag(fs, streamTimeout)
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	req := control.ExportRequest{Format: strings.ToLower(strings.TrimSpace(*format)), Since: *since, Until: *until}
	problem := checkExport(req)
	switch {
	case fs.NArg() > 0:
		problem = fmt.Sprintf("unexpected %q", fs.Arg(0))
	case *out == "":
		problem = "give the file to write with --out, e.g. --out jca-report." + exportExtension(req.Format)
	case problem == "":
		problem = m.checkDest(*out, destExport, "jca-report."+exportExtension(req.Format))
	}
	if problem != "" {
		fmt.Fprintf(m.Stderr, "jcabot export: %s\nUsage: %s\n", problem, exportUsage)
		return exitUsage
	}
	return m.writeOut(ctx, "export", *out, *timeout, func(ctx context.Context, w io.Writer) (int64, error) {
		return m.writeExport(ctx, req, w)
	})
}

// exportExtension is the usual file extension of an export format.
func exportExtension(format string) string {
	switch format {
	case "csv", "html", "json":
		return format
	}
	return "md"
}

// checkExport says what is wrong with an export request, or "".
func checkExport(req control.ExportRequest) string {
	switch req.Format {
	case "md", "csv", "html":
	case "json":
		if req.Since != "" || req.Until != "" {
			return "--since and --until choose a report's period; a JSON export is the whole register"
		}
		return ""
	default:
		return fmt.Sprintf("unknown format %q: choose md, csv, html or json", req.Format)
	}
	var days [2]string
	for i, s := range []string{req.Since, req.Until} {
		if s == "" {
			continue
		}
		y, mo, d, ok := when.ParseDay(s)
		if !ok {
			return fmt.Sprintf("%q is not a day: write it as year-month-day, like 2026-01-31, in a year from 1970 to 9999", s)
		}
		days[i] = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	}
	if days[0] != "" && days[1] != "" && days[1] < days[0] {
		return fmt.Sprintf("the period would end (%s) before it starts (%s)", days[1], days[0])
	}
	return ""
}

// writeExport has the process that owns the store write the export, or
// opens the file itself when nobody holds it.
func (m *Main) writeExport(ctx context.Context, req control.ExportRequest, w io.Writer) (int64, error) {
	if c, err := control.Dial(ctx, control.SocketPath(m.cfg.DataPath)); err == nil {
		defer c.Close()
		return c.Export(ctx, req, w)
	}
	db, router, err := m.openStore(ctx, time.Second)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return exportTo(ctx, db, router, req, w, m.Now())
}

// Export serves an export over the control socket.
func (c controlHandler) Export(ctx context.Context, req control.ExportRequest, w io.Writer) (int64, error) {
	r, ok := c.h.(*commands.Router)
	if !ok {
		return 0, errors.New("this process compiles no report")
	}
	return exportTo(ctx, c.db, r, req, w, c.now())
}

// exportTo writes the report of req, or the whole register as indented
// JSON (the form import reads), to w.
func exportTo(ctx context.Context, db dataStore, r *commands.Router, req control.ExportRequest, w io.Writer, now time.Time) (int64, error) {
	if req.Format == "json" {
		reg, err := db.ExportSnapshot(ctx)
		if err != nil {
			return 0, err
		}
		b, err := json.MarshalIndent(reg, "", "  ")
		if err != nil {
			return 0, fmt.Errorf("encode the register: %w", err)
		}
		n, err := w.Write(append(b, '\n'))
		return int64(n), err
	}
	n, err := r.Reports().WriteReport(ctx, w, commands.ReportQuery{Format: req.Format, Since: req.Since, Until: req.Until, Now: now})
	if text, ok := r.RefusalText(err); ok {
		return n, errors.New(text)
	}
	return n, err
}

const importUsage = "jcabot import FILE.json   (a file written by jcabot export --format json)"

// importRegister rebuilds a register, exported as JSON, into an empty data
// file. It needs the file to itself: a running jcabot must be stopped.
func (m *Main) importRegister(ctx context.Context, args []string) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(m.Stderr, "jcabot import: give the JSON file to import\nUsage: %s\n", importUsage)
		return exitUsage
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot import: %v\n", err)
		return exitRefused
	}
	var reg jca.Snapshot
	if err := json.Unmarshal(raw, &reg); err != nil || reg.Format == 0 {
		fmt.Fprintf(m.Stderr, "jcabot import: %s is not a register written by jcabot export --format json\n", args[0])
		return exitRefused
	}
	const stopIt = "stop it first: an import needs the data file to itself"
	if c, err := control.Dial(ctx, control.SocketPath(m.cfg.DataPath)); err == nil {
		defer c.Close()
		who := "a running jcabot"
		if pid, err := c.Hello(ctx); err == nil {
			who = fmt.Sprintf("a running jcabot (pid %d)", pid)
		}
		fmt.Fprintf(m.Stderr, "jcabot import: %s is held by %s; %s\n", m.cfg.DataPath, who, stopIt)
		return exitRefused
	}
	db, router, err := m.openStore(ctx, time.Second)
	if err != nil {
		fmt.Fprintf(m.Stderr, "jcabot import: %v", err)
		if isInUse(err) {
			fmt.Fprintf(m.Stderr, "; %s", stopIt)
		}
		fmt.Fprintln(m.Stderr)
		return exitRefused
	}
	defer db.Close()
	if err := db.ImportSnapshot(ctx, &reg); err != nil {
		if text, ok := router.RefusalText(err); ok {
			fmt.Fprintf(m.Stderr, "jcabot import: %s\n", text)
			if jca.ErrorCode(err) == jca.EConflict {
				fmt.Fprintf(m.Stderr, "Nothing was imported. Set JCABOT_DATA to a new file (%s is left as it was).\n", m.cfg.DataPath)
			}
			return exitRefused
		}
		fmt.Fprintf(m.Stderr, "jcabot import: %v\n", err)
		return exitRefused
	}
	fmt.Fprintf(m.Stdout, "imported %d activities, %d topics, %d joint groups, %d liaisons, %d polls, %d meetings, %d people into %s\n",
		len(reg.Activities), len(reg.Topics), len(reg.Joints), len(reg.Liaisons), len(reg.Polls), len(reg.Meetings),
		len(reg.People), m.cfg.DataPath)
	return exitOK
}
