package script

import (
	"os"
	"strings"
	"testing"

	"retort/internal/golden"
)

// FuzzParseScript reads and runs arbitrary text as a revision script, seeded
// with every script in testdata. Nothing may panic; a script that runs must
// render, and rendering is stable: running the rendered script and rendering
// again gives the same text.
func FuzzParseScript(f *testing.F) {
	for _, name := range []string{"testdata/reference.txtar", "testdata/golden-1.19.txtar", "testdata/errors.txtar"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range golden.Parse(string(data)).Files {
			if strings.HasSuffix(file.Name, ".py") {
				f.Add(file.Data)
			}
		}
	}
	for _, c := range roundTripCases() {
		text, err := Render(DefaultTemplate, RevisionInfo{ID: "0123456789ab", Message: c.name}, c.ops, c.ops, RenderOptions{ConvNames: c.conv})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r, err := runScript("x.py", []byte(src))
		if err != nil {
			return
		}
		text, err := r.render(DefaultTemplate)
		if err != nil {
			t.Fatalf("a script Parse read does not render: %v", err)
		}
		again, err := runScript("x.py", []byte(text))
		if err != nil {
			t.Fatalf("the rendered script does not run: %v\n%s", err, text)
		}
		text2, err := again.render(DefaultTemplate)
		if err != nil {
			t.Fatalf("the rendered script does not render again: %v", err)
		}
		if text != text2 {
			t.Fatalf("rendering is not stable:\n%s\n----\n%s", text, text2)
		}
	})
}

// FuzzTemplate feeds the Mako subset arbitrary templates, seeded with the
// templates in testdata. It must not panic.
func FuzzTemplate(f *testing.F) {
	for _, name := range []string{"testdata/templates.txtar", "testdata/mako.txtar"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range golden.Parse(string(data)).Files {
			if strings.HasSuffix(file.Name, ".mako") {
				f.Add(file.Data)
			}
		}
	}
	f.Add(DefaultTemplate)
	f.Fuzz(func(t *testing.T, tmpl string) {
		_, _ = renderTemplate(tmpl, makoVars())
	})
}
