package python

import (
	"bytes"
	"strings"
)

// archive is a txtar archive (golang.org/x/tools/txtar's format, which is not a
// dependency): a comment, then files each introduced by a "-- name --" line.
type archive struct {
	comment string
	files   []archiveFile
}

type archiveFile struct {
	name string
	data string
}

func parseArchive(data []byte) *archive {
	a := &archive{}
	lines := strings.SplitAfter(string(data), "\n")
	var cur *archiveFile
	var b strings.Builder
	flush := func() {
		if cur == nil {
			a.comment = b.String()
		} else {
			cur.data = b.String()
			a.files = append(a.files, *cur)
		}
		b.Reset()
	}
	for _, line := range lines {
		if name, ok := archiveMarker(line); ok {
			flush()
			cur = &archiveFile{name: name}
			continue
		}
		b.WriteString(line)
	}
	flush()
	return a
}

func archiveMarker(line string) (string, bool) {
	line = strings.TrimRight(line, "\r\n")
	if !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") || len(line) < 7 {
		return "", false
	}
	return strings.TrimSpace(line[3 : len(line)-3]), true
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.WriteString(f.data)
		if f.data != "" && !strings.HasSuffix(f.data, "\n") {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}
