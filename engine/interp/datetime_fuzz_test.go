package interp_test

import (
	"testing"

	"retort/engine/interp"
)

// FuzzStrptime: datetime.strptime and fromisoformat never panic, whatever
// the text and the format; what they accept is a datetime.
func FuzzStrptime(f *testing.F) {
	for _, s := range [][2]string{
		{"2020-01-02 03:04:05.123", "%Y-%m-%d %H:%M:%S.%f"},
		{"02/Jan/2020:03:04:05 +0100", "%d/%b/%Y:%H:%M:%S %z"},
		{"5 march 99  11pm", "%d %B %y %I%p"},
		{"2020 366", "%Y %j"},
		{"Thu Jan  2 03:04:05 2020", "%c"},
		{"2020-01-02T03:04:05Z", "%Y-%m-%dT%H:%M:%S%z"},
		{"x", "%"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, s, format string) {
		in := interp.New(interp.Options{Known: interp.KnownOutside})
		if v, err := interp.Strptime(s, format); err == nil {
			if _, ok := v.(*interp.DateTime); !ok {
				t.Fatalf("strptime(%q, %q) gave %T", s, format, v)
			}
		}
		for _, cls := range []*interp.Class{interp.DatetimeClass, interp.DateClass, interp.TimeClass} {
			v, err := in.CallMethod(cls, "fromisoformat", interp.Values(interp.Str(s)))
			if err == nil {
				if _, ok := v.(*interp.DateTime); !ok {
					t.Fatalf("%s.fromisoformat(%q) gave %T", cls.Name, s, v)
				}
			}
		}
	})
}
