package project

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Expected slugs from Python: "_".join(re.findall(r"\w+", m)).lower(), then
// Alembic's truncation.
func TestSlugify(t *testing.T) {
	tests := []struct {
		message    string
		at40, at10 string
	}{
		{"create users table", "create_users_table", "create_"},
		{"Add 'age' to users!!", "add_age_to_users", "add_age_"},
		{"  leading and trailing  ", "leading_and_trailing", "leading_"},
		{"ünïcödé Straße", "ünïcödé_straße", "ünïcödé_"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_", "aaaaaaaaaa_"},
		{"this is a long message that goes past forty characters", "this_is_a_long_message_that_goes_past_", "this_is_a_"},
		{"", "", ""},
		{"x-y_z  w", "x_y_z_w", "x_y_z_w"},
		{"add a much longer message", "add_a_much_longer_message", "add_a_"},
	}
	for _, tt := range tests {
		t.Run(tt.message, func(t *testing.T) {
			require.Equal(t, tt.at40, Slugify(tt.message, 40))
			require.Equal(t, tt.at10, Slugify(tt.message, 10))
		})
	}
}

// Expected strings from Python's % operator.
func TestFormatFileTemplate(t *testing.T) {
	created := time.Date(2026, 3, 7, 9, 5, 1, 0, time.UTC)
	vals := templateTokens("ab12", "x", created)
	tests := []struct{ tmpl, want string }{
		{DefaultFileTemplate, "ab12_x"},
		{"%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s", "2026_03_07_0905-ab12_x"},
		{"%(year)d/%(month).2d/%(day).2d_%(hour).2d%(minute).2d_%(second).2d_%(rev)s_%(slug)s", "2026/03/07_0905_01_ab12_x"},
		{"%(epoch)s|%(month)03d|%(month)-4d|%(month)+d|%(slug)5s|%(slug)-5s|%(rev).2s|%(month)x|%(month)#o|100%%",
			"1772874301|003|3   |+3|    x|x    |ab|3|0o3|100%"},
	}
	for _, tt := range tests {
		got, err := FormatFileTemplate(tt.tmpl, vals)
		require.NoError(t, err)
		require.Equal(t, tt.want, got)
	}
	for _, bad := range []string{"%(rev)", "%(nope)s", "%(rev)d", "%s", "%(rev)q"} {
		_, err := FormatFileTemplate(bad, vals)
		require.Error(t, err, bad)
	}
}

func TestNewRevisionID(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id := NewRevisionID()
		require.Regexp(t, regexp.MustCompile(`^[0-9a-f]{12}$`), id)
		require.False(t, seen[id])
		seen[id] = true
	}
}

func FuzzFormatFileTemplate(f *testing.F) {
	f.Add(DefaultFileTemplate, "add users")
	f.Add("%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s", "x")
	f.Add("%(rev)-99999999999999999999s %(slug).99999999999999999s%", "")
	f.Fuzz(func(t *testing.T, tmpl, message string) {
		vals := templateTokens("ab12cd34ef56", Slugify(message, 40), time.Unix(1700000000, 0).UTC())
		_, _ = FormatFileTemplate(tmpl, vals)
	})
}
