package interp

import "testing"

// DCS "Batch Deleting DCS Instances" (outdated_apis_v1/lifecycle_management_apis/
// batch_deleting_dcs_instances.html) lists 200 and 204: an example shown
// under no status belongs to the lowest, every run (it was a map's order,
// so the spec changed from run to run).
func TestSuccessStatusIsTheLowest2xxEveryRun(t *testing.T) {
	for i := 0; i < 50; i++ {
		b := &builder{w: &walker{statuses: map[string]string{"204": "No Content", "400": "Bad Request", "200": "OK", "202": "Accepted"}}}
		if got := b.successStatus(); got != "200" {
			t.Fatalf("run %d: successStatus = %s, want 200", i, got)
		}
	}
}
