package interp

import "retort/engine/python"

func didYouMean(name string, candidates []string) string { return python.DidYouMean(name, candidates) }
