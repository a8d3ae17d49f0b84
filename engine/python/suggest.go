package python

import (
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidate closest to name, for a "did you mean" hint, or ""
// when none is close enough. A candidate equal to name ignoring case wins; then
// the smallest edit distance (insertions, deletions, substitutions and swaps of
// neighbours, ignoring case), provided it is at most a third of name's length
// (at least 1, at most 3). Ties go to the earlier candidate.
func Suggest(name string, candidates []string) string {
	if name == "" {
		return ""
	}
	lower := strings.ToLower(name)
	limit := min(max(utf8.RuneCountInString(name)/3, 1), 3)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		lc := strings.ToLower(c)
		if lc == lower {
			return c
		}
		if d := editDistance(lower, lc, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// DidYouMean formats a suggestion as the tail of a message: " — did you mean X?".
func DidYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return " — did you mean " + s + "?"
	}
	return ""
}

// editDistance is the optimal-string-alignment distance between a and b, or any
// value >= limit when it is at least limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
