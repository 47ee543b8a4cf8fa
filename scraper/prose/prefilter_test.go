package prose

import "testing"

// TestConstraintPrefilterKeepsEveryMatch: the substring prefilter never
// rules out a sentence reConstraintLike matches — one per alternative of
// the expression, in other cases and scripts, and the runes (?i) folds onto
// ASCII letters.
func TestConstraintPrefilterKeepsEveryMatch(t *testing.T) {
	for _, s := range []string{
		"Minimum: 1", "MAX：3", "3 to 64 Characters", "The LENGTH is 8", "Value range: 1-10", "It ranges from 1 to 3",
		"Range: 1", "Defaults to true", "default value is 3", "false by default", "Default: x", "true (default)",
		"Enumerated values", "must start with a letter", "Ending with a digit", "Spaces are not allowed", "Allowed: a",
		"Options include a", "Option: b", "The value can only be 3", "Values must be one of a", "at most 5", "AT LEAST 2",
		"up to 9", "maximum of 3", "between -1 and 3", "cannot exceed 64", "UTC time", "ISO 8601", "iso8601",
		"长度为3", "取值范围", "默认值", "缺省", "字符", "枚举", "开头", "结尾", "不超过", "最大", "最小", "格式",
		"at leaſt 3", "ISO\u212a",
	} {
		if reConstraintLike.MatchString(s) && !mayBeConstraintLike(s) {
			t.Errorf("%q matches reConstraintLike but the prefilter rules it out", s)
		}
	}
	if mayBeConstraintLike("The ID of the API group.") {
		t.Errorf("a sentence with no constraint word passed the prefilter")
	}
}

func FuzzConstraintPrefilter(f *testing.F) {
	f.Add("Minimum: 1")
	f.Add("at leaſt 3")
	f.Fuzz(func(t *testing.T, s string) {
		if reConstraintLike.MatchString(s) && !mayBeConstraintLike(s) {
			t.Fatalf("%q matches reConstraintLike but the prefilter rules it out", s)
		}
	})
}
