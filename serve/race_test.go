//go:build race

package serve

// raceDetector: this test binary runs under -race, which makes every
// operation some ten times slower; the load test keeps its 100 concurrent
// clients (what the detector needs) with fewer operations each.
const raceDetector = true
