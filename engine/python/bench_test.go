package python

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// models returns a models file with n classes in both declarative styles.
func models(n int) []byte {
	var b strings.Builder
	b.WriteString("from sqlalchemy import Column, ForeignKey, Integer, String\n")
	b.WriteString("from sqlalchemy.orm import Mapped, mapped_column\n\nfrom database import Base\n")
	for i := range n {
		if i%2 == 0 {
			fmt.Fprintf(&b, `

class Model%d(Base):
    __tablename__ = "model_%d"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    email = Column(String, unique=True)
    age = Column(Integer, nullable=True)
    parent_id = Column(Integer, ForeignKey("model_%d.id", ondelete="CASCADE"), nullable=False)
`, i, i, max(0, i-1))
		} else {
			fmt.Fprintf(&b, `

class Model%d(Base):
    """Model number %d."""
    __tablename__ = "model_%d"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(unique=True)
    age: Mapped[Optional[int]]
    parent_id: Mapped[int] = mapped_column(ForeignKey("model_%d.id"))
`, i, i, i, i-1)
		}
	}
	return []byte(b.String())
}

// BenchmarkParseModels parses a models file of 200 classes (about 1,800 lines).
func BenchmarkParseModels(b *testing.B) {
	src := models(200)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("models.py", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseRevision parses the gallery's batch revision script.
func BenchmarkParseRevision(b *testing.B) {
	src := []byte(strings.Repeat("op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))\n", 100))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("x.py", src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLinearTime parses large pathological inputs: each must take time in
// proportion to its size. A quadratic step would take minutes on them.
func TestLinearTime(t *testing.T) {
	const n = 40_000
	tests := []struct {
		name string
		src  string
	}{
		{"models", string(models(2000))},
		{"unclosed call per line", strings.Repeat("f(x\n", n)},
		{"long bracket", "x = [\n" + strings.Repeat("    1,\n", n) + "]\n"},
		{"unclosed long bracket", "x = [\n" + strings.Repeat("    1,\n", n)},
		{"nested parens per line", strings.Repeat(strings.Repeat("(", 150)+"1"+strings.Repeat(")", 150)+"\n", 500)},
		{"attribute chain", "x = a" + strings.Repeat(".b", n)},
		{"binary chain", "x = 1" + strings.Repeat(" + 1", n)},
		{"match lines", strings.Repeat("match x\n", n)},
		{"with lines", strings.Repeat("with (\n", n)},
		{"unterminated strings", strings.Repeat("'\n", n)},
		{"unterminated fstrings", strings.Repeat("f'{\n", n)},
		{"stray closers", strings.Repeat(")]}\n", n)},
		{"dedents", strings.Repeat("if x:\n  if y:\n    pass\n", n/3)},
		{"bad indents", strings.Repeat("x\n  y\n z\n", n/3)},
		{"many errors per line", strings.Repeat("$ $ $ $ $ ( ( ( 'a\n", n/4)},
		{"decorators", strings.Repeat("@d\n", n) + "def f(): pass\n"},
		{"semicolons", strings.Repeat("x;", n)},
		{"not chain", "x = " + strings.Repeat("not ", 400) + "y"},
		// One error per character of a long line (each one's column counted from
		// the line's start took 46 s on 100 KB).
		{"invalid utf-8 line", "x = 1\n" + strings.Repeat("\xcf", 2*n)},
		{"errors along a non-ascii line", "é = 1\nf(k=1" + strings.Repeat(", b", n) + ")"},
		{"duplicate parameters", "é = 1\ndef f(a" + strings.Repeat(", a", n) + "): pass"},
		{"elif chain", "if a: pass\n" + strings.Repeat("elif b: pass\n", n)},
		{"fstring fields", "x = f'" + strings.Repeat("{a!r:>{w}}", n) + "'"},
		{"nested fstrings", "x = " + strings.Repeat(`f"{`, 140) + strings.Repeat("a+", n) + "a" + strings.Repeat(`}"`, 140)},
		{"nested fstring specs", "x = f'{x:" + strings.Repeat("{x:", 140) + strings.Repeat("}", 141) + "'" + strings.Repeat("a", n)},
		{"comprehensions", "x = " + strings.Repeat("[a for a in b if c for d in e], ", n/4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			m, _ := Parse("big.py", []byte(tt.src))
			elapsed := time.Since(start)
			require.NotNil(t, m)
			require.Less(t, elapsed, 3*time.Second, "%d bytes", len(tt.src))
		})
	}
}
