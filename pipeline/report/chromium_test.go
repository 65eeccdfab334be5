package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var screenshot = flag.String("screenshot", "", "save the headless-Chromium screenshot of report.html to this PNG `file`")

// chromiumPath finds the browser: $SLANT_CHROMIUM, or chromium /
// chromium-browser / google-chrome on $PATH.
func chromiumPath() string {
	if p := os.Getenv("SLANT_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// cdp is a minimal Chrome DevTools Protocol client over
// --remote-debugging-pipe (fd 3: commands in, fd 4: replies and events
// out, each message a JSON object ended by a NUL byte): stdlib only.
type cdp struct {
	w       io.Writer
	mu      sync.Mutex
	id      int
	pending map[int]chan cdpMsg
	events  []cdpMsg
	notify  chan struct{}
}

type cdpMsg struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func (c *cdp) readLoop(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		b, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMsg
		if json.Unmarshal(b[:len(b)-1], &m) != nil {
			continue
		}
		c.mu.Lock()
		if m.ID != 0 {
			if ch := c.pending[m.ID]; ch != nil {
				ch <- m
				delete(c.pending, m.ID)
			}
		} else {
			c.events = append(c.events, m)
			select {
			case c.notify <- struct{}{}:
			default:
			}
		}
		c.mu.Unlock()
	}
}

func (c *cdp) call(ctx context.Context, session, method string, params any) (json.RawMessage, error) {
	c.mu.Lock()
	c.id++
	id := c.id
	ch := make(chan cdpMsg, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	p, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	msg, _ := json.Marshal(cdpMsg{ID: id, Method: method, Params: p, SessionID: session})
	if _, err := c.w.Write(append(msg, 0)); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return nil, fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		return m.Result, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// waitEvent waits for an event of the given method.
func (c *cdp) waitEvent(ctx context.Context, method string) error {
	for {
		c.mu.Lock()
		for _, e := range c.events {
			if e.Method == method {
				c.mu.Unlock()
				return nil
			}
		}
		c.mu.Unlock()
		select {
		case <-c.notify:
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", method, ctx.Err())
		}
	}
}

// TestHTMLInChromium loads report.html in headless Chromium and checks that
// it loads without console errors, exceptions or network requests, and
// that the DOM holds the inline SVG charts with their titles, drawn at a
// visible size. It saves a full-page screenshot (see -screenshot).
func TestHTMLInChromium(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("chromium not installed (apt-get install chromium, or set SLANT_CHROMIUM): skipping the browser test")
	}
	res, _ := fixtureResult(t)
	dir := t.TempDir()
	if err := Write(dir, res, fixtureMeta()); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, HTMLFile)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	inR, inW, err := os.Pipe() // we write, Chromium reads on fd 3
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe() // Chromium writes on fd 4, we read
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-pipe",
		"--user-data-dir="+filepath.Join(t.TempDir(), "profile"), "about:blank")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.ExtraFiles = []*os.File{inR, outW}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	inR.Close()
	outW.Close()
	c := &cdp{w: inW, pending: make(map[int]chan cdpMsg), notify: make(chan struct{}, 1)}
	go c.readLoop(outR)
	defer func() {
		c.call(ctx, "", "Browser.close", struct{}{})
		inW.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		outR.Close()
	}()
	fail := func(err error) {
		t.Helper()
		t.Fatalf("%v\nchromium stderr:\n%s", err, stderr.String())
	}

	raw, err := c.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"})
	if err != nil {
		fail(err)
	}
	var target struct{ TargetID string }
	json.Unmarshal(raw, &target)
	raw, err = c.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true})
	if err != nil {
		fail(err)
	}
	var att struct{ SessionID string }
	json.Unmarshal(raw, &att)
	s := att.SessionID
	for _, m := range []string{"Runtime.enable", "Log.enable", "Page.enable", "Network.enable"} {
		if _, err := c.call(ctx, s, m, struct{}{}); err != nil {
			fail(err)
		}
	}
	if _, err := c.call(ctx, s, "Emulation.setDeviceMetricsOverride",
		map[string]any{"width": 1100, "height": 900, "deviceScaleFactor": 1, "mobile": false}); err != nil {
		fail(err)
	}
	if _, err := c.call(ctx, s, "Page.navigate", map[string]any{"url": "file://" + page}); err != nil {
		fail(err)
	}
	if err := c.waitEvent(ctx, "Page.loadEventFired"); err != nil {
		fail(err)
	}

	const probe = `JSON.stringify({
		title: document.title,
		h1: document.querySelector('h1') ? document.querySelector('h1').textContent : '',
		charts: [...document.querySelectorAll('figure svg.chart')].map(s => ({
			title: s.querySelector('title') ? s.querySelector('title').textContent : '',
			width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height,
			texts: s.querySelectorAll('text').length})),
		tables: document.querySelectorAll('table').length,
		scripts: document.scripts.length,
		height: document.documentElement.scrollHeight,
		hostile: [...document.querySelectorAll('td')].some(td => td.textContent.includes('<script>alert(1)</script>'))
	})`
	raw, err = c.call(ctx, s, "Runtime.evaluate", map[string]any{"expression": probe, "returnByValue": true})
	if err != nil {
		fail(err)
	}
	var ev struct {
		Result struct{ Value string }
	}
	json.Unmarshal(raw, &ev)
	var dom struct {
		Title, H1 string
		Charts    []struct {
			Title         string
			Width, Height float64
			Texts         int
		}
		Tables, Scripts, Height int
		Hostile                 bool
	}
	if err := json.Unmarshal([]byte(ev.Result.Value), &dom); err != nil {
		fail(fmt.Errorf("probe result %q: %v", ev.Result.Value, err))
	}
	if dom.Title != DefaultTitle || dom.H1 != DefaultTitle {
		t.Errorf("title %q, h1 %q", dom.Title, dom.H1)
	}
	want := []string{"Net slant by source — articles", "Net slant by source — reader comments", "Stance mix by source — articles",
		"Voice balance by source — articles", "Author voice and quoted voice — articles"}
	got := map[string]bool{}
	for _, ch := range dom.Charts {
		got[ch.Title] = true
		if ch.Width < 300 || ch.Height < 100 || ch.Texts < 5 {
			t.Errorf("chart %q drawn at %.0f×%.0f px with %d texts", ch.Title, ch.Width, ch.Height, ch.Texts)
		}
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("DOM lacks the chart %q (has %d charts)", w, len(dom.Charts))
		}
	}
	if len(dom.Charts) != 7 || dom.Tables < 10 || dom.Scripts != 0 {
		t.Errorf("%d charts, %d tables, %d scripts; want 7, ≥ 10, 0", len(dom.Charts), dom.Tables, dom.Scripts)
	}
	if !dom.Hostile {
		t.Error("the hostile claim is not shown as text in a table cell")
	}

	c.mu.Lock()
	var problems []string
	for _, e := range c.events {
		switch e.Method {
		case "Runtime.exceptionThrown":
			problems = append(problems, "exception: "+string(e.Params))
		case "Runtime.consoleAPICalled":
			var p struct{ Type string }
			json.Unmarshal(e.Params, &p)
			if p.Type == "error" || p.Type == "warning" || p.Type == "assert" {
				problems = append(problems, "console: "+string(e.Params))
			}
		case "Log.entryAdded":
			var p struct {
				Entry struct{ Level, Text, URL string }
			}
			json.Unmarshal(e.Params, &p)
			if p.Entry.Level == "error" || p.Entry.Level == "warning" {
				problems = append(problems, fmt.Sprintf("log %s: %s %s", p.Entry.Level, p.Entry.Text, p.Entry.URL))
			}
		case "Network.requestWillBeSent":
			var p struct{ Request struct{ URL string } }
			json.Unmarshal(e.Params, &p)
			if u := p.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "about:") {
				problems = append(problems, "network request: "+u)
			}
		}
	}
	c.mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}

	// Full-page screenshot.
	h := min(max(dom.Height, 900), 16000)
	if _, err := c.call(ctx, s, "Emulation.setDeviceMetricsOverride",
		map[string]any{"width": 1100, "height": h, "deviceScaleFactor": 1, "mobile": false}); err != nil {
		fail(err)
	}
	raw, err = c.call(ctx, s, "Page.captureScreenshot", map[string]any{"format": "png"})
	if err != nil {
		fail(err)
	}
	var shot struct{ Data string }
	json.Unmarshal(raw, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 10000 {
		t.Fatalf("screenshot: %d bytes, %v", len(png), err)
	}
	out := *screenshot
	if out == "" {
		out = filepath.Join(t.TempDir(), "report.png")
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of %s: %s (%d bytes, 1100×%d)", page, out, len(png), h)
}
