package diff

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/schema"
	"retort/engine/sqlite"
)

// TestSameType checks that sameType's shortcut answers as sqlite.SameType.
func TestSameType(t *testing.T) {
	names := append(append([]string{"", "INT8", "varchar", "Varchar", "DOUBLE PRECISION", "VARCHAR(5)", "BOOL",
		"DOUBLE_PRECISION", "Enum", "Uuid", "Interval", "UnicodeText", "Unicode"},
		schema.GenericTypes...), schema.SQLTypes...)
	args := [][]int{nil, {}, {5}, {50}, {10, 2}, {10, 3}, {-1}, {0}, {1, 2, 3}}
	var types []schema.Type
	for _, n := range names {
		for _, a := range args {
			types = append(types, schema.Type{Name: n, Args: a})
		}
	}
	types = append(types,
		schema.Type{Name: "Enum", Enum: []string{"a", "bcd"}},
		schema.Type{Name: "VARCHAR", Args: []int{3}},
		schema.Type{Name: "DateTime", Timezone: true},
	)
	for _, a := range types {
		for _, b := range types {
			require.Equal(t, sqlite.SameType(a, b), sameType(a, b), fmt.Sprintf("%#v %#v", a, b))
		}
	}
}
