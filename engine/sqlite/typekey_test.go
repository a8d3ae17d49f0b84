package sqlite

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/schema"
)

// typeKey reads a type as splitType(TypeSQL(t)) does, without the text.
func TestTypeKey(t *testing.T) {
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
	for _, ty := range types {
		name, args := splitType(TypeSQL(ty))
		gotName, gotArgs := typeKey(ty)
		require.Equal(t, name, gotName, fmt.Sprintf("%#v", ty))
		require.Equal(t, len(args), len(gotArgs), fmt.Sprintf("%#v", ty))
		for i := range args {
			require.Equal(t, args[i], gotArgs[i], fmt.Sprintf("%#v", ty))
		}
	}
}
