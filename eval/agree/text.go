package agree

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// num formats a report number with 3 decimals, "–" when undefined.
func num(n Number) string {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	return fmt.Sprintf("%.3f", f)
}

// WriteText writes the report for people: the units, alpha with its
// interval and P(α < min), the pairwise kappa table and the label counts.
// Problems are not included (the caller prints them to stderr).
func (rep *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("%d annotators, column %q, level %s, key %s\n", len(rep.Annotators), rep.Column, rep.Level, strings.Join(rep.Key, ","))
	if len(rep.Order) > 0 {
		ew.printf("scale: %s\n", strings.Join(rep.Order, " < "))
	}
	ew.printf("units: %d ids in all, %d labelled by two or more annotators\n", rep.Units, rep.Shared)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  annotator\tlabelled\tlabelled by this annotator only")
	for i, a := range rep.Annotators {
		fmt.Fprintf(tw, "  %s\t%d\t%d\n", a, rep.Labelled[i], rep.OnlyOne[i])
	}
	tw.Flush()

	al := rep.Alpha
	ew.printf("\nKrippendorff's alpha (%s) = %s over %d units (%d values)\n", rep.Level, num(al.Value), al.Units, al.Values)
	if al.Note != "" {
		ew.printf("  %s\n", al.Note)
	}
	if b := al.Bootstrap; b != nil {
		ew.printf("  %.0f%% CI [%s, %s], P(alpha < %.3f) = %s\n", 100*float64(b.Level), num(b.Lo), num(b.Hi), float64(b.Min), num(b.PBelow))
		ew.printf("  percentile bootstrap over %s, %d replicates, seed %d", b.Scheme, b.B, b.Seed)
		if b.Undefined > 0 {
			ew.printf(", %d undefined replicates left out", b.Undefined)
		}
		ew.printf("\n")
	}

	ew.printf("\nCohen's kappa, pairwise (labels as nominal categories, units both labelled)\n")
	tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  annotator\tannotator\tn\tagreement\tkappa")
	for _, p := range rep.Pairs {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%s\n", p.A, p.B, p.N, num(p.Agreement), num(p.Kappa))
	}
	tw.Flush()

	ew.printf("\nlabel counts (units labelled by two or more annotators)\n")
	tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  label\t%s\ttotal\n", strings.Join(rep.Annotators, "\t"))
	var off []string
	for _, l := range rep.Labels {
		cells := make([]string, len(l.Counts))
		for i, c := range l.Counts {
			cells[i] = fmt.Sprint(c)
		}
		mark := ""
		if l.OffScale {
			mark = " *"
			off = append(off, l.Label)
		}
		fmt.Fprintf(tw, "  %s%s\t%s\t%d\n", l.Label, mark, strings.Join(cells, "\t"), l.Total)
	}
	tw.Flush()
	if len(off) > 0 {
		ew.printf("  * not on the %s scale; treated as missing in alpha\n", rep.Level)
	}
	if len(rep.Problems) > 0 {
		ew.printf("\n%d malformed rows skipped (listed on stderr)\n", len(rep.Problems))
	}
	return ew.err
}

// WriteJSON writes the report as one indented JSON object; undefined
// numbers are null.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
