package report

import (
	"bufio"
	"io"
	"strings"
)

// mdEscaper backslash-escapes the characters that mean something inside a
// Markdown (CommonMark/GFM) table cell or inline text: the cell separator
// |, emphasis, code, links, raw HTML (<), entities (&) and the escape
// itself. New lines become spaces (a cell is one line).
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "&", `\&`, "~", `\~`, "#", `\#`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// md escapes s for a Markdown cell or paragraph.
func md(s string) string { return mdEscaper.Replace(s) }

// writeMarkdown renders v as Markdown: the same tables as the HTML report,
// without the charts.
func writeMarkdown(w io.Writer, v *view) error {
	bw := bufio.NewWriter(w)
	p := func(s ...string) {
		for _, x := range s {
			bw.WriteString(x)
		}
		bw.WriteString("\n")
	}
	p("# ", md(v.Title))
	p()
	for _, s := range v.Summary {
		p(md(s))
		p()
	}
	if len(v.Warnings) > 0 {
		p("**Warnings**")
		p()
		for _, s := range v.Warnings {
			p("- ", md(s))
		}
		p()
	}
	for _, pt := range v.Parts {
		p("## ", md(pt.Title))
		p()
		for _, s := range pt.Intro {
			p(md(s))
			p()
		}
		for _, t := range pt.Tables {
			if t.Caption != "" {
				p("**", md(t.Caption), "**")
				p()
			}
			if len(t.Rows) > 0 {
				cells := func(row []string) {
					bw.WriteString("|")
					for _, c := range row {
						bw.WriteString(" ")
						bw.WriteString(md(c))
						bw.WriteString(" |")
					}
					bw.WriteString("\n")
				}
				cells(t.Head)
				bw.WriteString("|")
				for range t.Head {
					bw.WriteString(" --- |")
				}
				bw.WriteString("\n")
				for _, r := range t.Rows {
					cells(r)
				}
				p()
			}
			if t.Note != "" {
				p("_", md(t.Note), "_")
				p()
			}
		}
	}
	return bw.Flush()
}
