package dist

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFontPrimer holds index.html's font primer to the font sizes the page
// uses (style.css and the CSS in its scripts): each needs its rule in
// style.css and its span, in both families, in index.html (see
// .font-primer in style.css for why).
func TestFontPrimer(t *testing.T) {
	web := filepath.Join("..", "..", "web")
	css, err := os.ReadFile(filepath.Join(web, "static", "style.css"))
	require.NoError(t, err)
	page, err := os.ReadFile(filepath.Join(web, "static", "index.html"))
	require.NoError(t, err)
	sources := []string{string(css)}
	scripts, err := filepath.Glob(filepath.Join(web, "src", "*.ts"))
	require.NoError(t, err)
	for _, f := range scripts {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		sources = append(sources, string(src))
	}

	rule := regexp.MustCompile(`(?m)^\.font-primer \.(s[\d-]+) \{ font-size: ([\d.]+)px; \}$`)
	primed := map[string]string{} // size -> class
	for _, m := range rule.FindAllStringSubmatch(string(css), -1) {
		primed[m[2]] = m[1]
	}
	require.NotEmpty(t, primed, "style.css's .font-primer rules")

	decl := regexp.MustCompile(`font(?:-size)?:[^;}"'\x60]*?([\d.]+)px`)
	var used []string
	for _, src := range sources {
		for _, line := range strings.Split(src, "\n") {
			if strings.HasPrefix(line, ".font-primer") {
				continue
			}
			for _, m := range decl.FindAllStringSubmatch(line, -1) {
				if !slices.Contains(used, m[1]) {
					used = append(used, m[1])
				}
			}
		}
	}
	require.NotEmpty(t, used)

	start := strings.Index(string(page), `<div class="font-primer"`)
	require.GreaterOrEqual(t, start, 0, "index.html's font primer")
	primer := string(page[start:])
	primer = primer[:strings.Index(primer, "</div>")]
	for _, family := range []string{"sans", "mono"} {
		i := strings.Index(primer, `<p class="`+family+`">`)
		require.GreaterOrEqual(t, i, 0, "the primer's %s paragraph", family)
		p := primer[i:]
		p = p[:strings.Index(p, "</p>")]
		for _, size := range used {
			class, ok := primed[size]
			require.True(t, ok, "%spx is used but has no .font-primer rule in style.css", size)
			require.Contains(t, p, `<span class="`+class+`">a<i>a</i><b>a</b><strong>a</strong></span>`,
				"index.html's primer: %spx in %s, regular, italic, bold and semibold", size, family)
		}
	}
}
