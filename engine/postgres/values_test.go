package postgres

import (
	"retort/engine/schema"
)

// Constructors of schema values for the tests.

func ty(name string, args ...int) schema.Type { return schema.Type{Name: name, Args: args} }

func pgTy(name string, args ...int) schema.Type {
	return schema.Type{Name: name, Args: args, Dialect: "postgresql"}
}

func enumTy(name string, values ...string) schema.Type {
	return schema.Type{Name: "Enum", Enum: values, EnumName: name}
}

func arrayOf(item schema.Type, dims int) schema.Type {
	return schema.Type{Name: "ARRAY", Item: &item, Dimensions: dims, Dialect: "postgresql"}
}

func col(name string, t schema.Type, nullable bool) *schema.Column {
	return &schema.Column{Name: name, Type: t, Nullable: nullable}
}

func with(c *schema.Column, f func(*schema.Column)) *schema.Column {
	f(c)
	return c
}

func i64(v int64) *int64 { return &v }

func pk(name string, cols ...string) *schema.PrimaryKey {
	return &schema.PrimaryKey{Name: name, Columns: cols}
}
