package python

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSuggest(t *testing.T) {
	tests := []struct {
		name       string
		candidates []string
		want       string
	}{
		{"", []string{"a"}, ""},
		{"Strng", []string{"String", "Integer"}, "String"},
		{"string", []string{"Strng", "String"}, "String"},    // equal ignoring case wins over a closer spelling
		{"String", []string{"String", "Strings"}, "Strings"}, // the name itself is not a suggestion
		{"Itneger", []string{"Integer"}, "Integer"},          // a swap of neighbours is one edit
		{"ab", []string{"xy"}, ""},                           // a third of 2 is less than 1: one edit allowed
		{"ab", []string{"ax"}, "ax"},
		{"abcdef", []string{"abxyef"}, "abxyef"},               // 6/3 = 2 edits allowed
		{"abcdef", []string{"axyzef"}, ""},                     // 3 edits are too many
		{"abcdefghijklmnop", []string{"abcdefghijklXXXX"}, ""}, // never more than 3
		{"colum", []string{"column", "colum_"}, "column"},      // ties go to the earlier candidate
		{"colum", []string{"colum_", "column"}, "colum_"},
		{"naïve", []string{"naive"}, "naive"}, // runes, not bytes
		{"zzz", nil, ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Suggest(tt.name, tt.candidates), "%s in %v", tt.name, tt.candidates)
	}
	require.Equal(t, " — did you mean String?", DidYouMean("Strng", []string{"String"}))
	require.Equal(t, "", DidYouMean("xyz", []string{"String"}))
}
