// Package prose reads the constraints that reference pages state in prose: the
// Description cell of a parameter or field row, in English or Chinese.
//
// Parse turns the cell's blocks into lengths, ranges, enumerations, defaults,
// patterns, formats and per-value rules ("hmac: The value contains 8 to 32
// characters..."). Every rule here is about how doc sites phrase things, never
// about a particular field: the specs are scored on pages never seen.
//
// What is read is recorded as a model.Constraint with the sentence it came
// from; a sentence that sounds like a constraint but that no rule reads goes to
// Result.NotUnderstood, so that the quality report can count it. Nothing is
// guessed: a list that does not look like values is not an enumeration.
package prose
