package examples

import (
	"fmt"
	"strings"
)

// ManyModels is a models.py of n declarative classes for the tutorial's
// project (it imports Base from database.py), for benchmarks: every table
// has a primary key, strings, a unique column, an index and defaults; every
// other one a foreign key to the table before it.
func ManyModels(n int) string {
	var b strings.Builder
	b.WriteString("from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, func\n\nfrom database import Base\n\n")
	for i := range n {
		fmt.Fprintf(&b, "\nclass Model%d(Base):\n    __tablename__ = \"table_%d\"\n\n", i, i)
		b.WriteString("    id = Column(Integer, primary_key=True)\n")
		b.WriteString("    name = Column(String(100), nullable=False, index=True)\n")
		b.WriteString("    code = Column(String(20), unique=True)\n")
		b.WriteString("    body = Column(Text)\n")
		b.WriteString("    price = Column(Numeric(10, 2))\n")
		b.WriteString("    active = Column(Boolean, nullable=False, server_default=\"1\")\n")
		b.WriteString("    created = Column(DateTime, server_default=func.now())\n")
		if i%2 == 1 {
			fmt.Fprintf(&b, "    parent_id = Column(Integer, ForeignKey(\"table_%d.id\"), nullable=False)\n", i-1)
		}
		b.WriteString("\n")
	}
	return b.String()
}
