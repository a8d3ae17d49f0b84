package interp_test

import (
	"encoding/hex"
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

// FuzzPickleLoads: pickle.loads never panics on any bytes, and what it
// reads pickle.dumps writes again.
func FuzzPickleLoads(f *testing.F) {
	for _, s := range []string{
		"80055d942e", "80059511000000000000005d94288c0168948c01709486946803652e",
		"8005950a000000000000007d948c0161944b01732e", "80059508000000000000008a05ffffff7fff2e",
		"8004950800000000000000284b014b0291942e", "80025d7100284b014b02580300000061626371016801652e",
	} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Add([]byte("(lp0\nI1\naVabc\np1\naF1.5\na(dp2\nVk\np3\nI00\nsag1\na."))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := interp.New(interp.Options{Known: interp.KnownOutside})
		v, err := interp.PickleLoads(data)
		if err != nil {
			return
		}
		if _, err := interp.PickleDumps(in, v, 5); err != nil {
			t.Fatalf("dumps(loads(%x)): %v", data, err)
		}
	})
}
