package scraper

import (
	"testing"

	"github.com/docspec/docspec/model"
)

// rdsOp scrapes one page of the project's RDS sources and returns its
// operation METHOD path.
func rdsOp(t *testing.T, file, method, path string) *model.Operation {
	t.Helper()
	svc := scrapeOne(t, "../sources/otc/rds/api_v3_recommended/backup_and_restoration/"+file)
	for _, op := range svc.Operations {
		if op.Method == method && op.Path == path {
			return op
		}
	}
	t.Fatalf("%s: no operation %s %s", file, method, path)
	return nil
}

// setting_an_automated_backup_policy.html, "Table 3 backup_policy field
// data structure description" row start_time: "The value must be a valid
// value in the "hh:mm-HH:MM" format. The current time is in the UTC
// format." then "Example value:" with the items 08:15-09:15 and
// 23:00-00:00. A time window is no date-time ("UTC" names the zone, not a
// format), and examples are no enumeration.
func TestRDSBackupWindowIsNoDateTimeAndExamplesNoEnum(t *testing.T) {
	op := rdsOp(t, "setting_an_automated_backup_policy.html", "PUT", "/v3/{project_id}/instances/{instance_id}/backups/policy")
	s := field(requestSchema(t, op), "backup_policy.start_time")
	if s == nil {
		t.Fatal("no field backup_policy.start_time")
	}
	if s.Type != model.TypeString || s.Format != "" || len(s.Enum) != 0 {
		t.Errorf("start_time: type %q format %q enum %q, want a plain string", s.Type, s.Format, s.Enum)
	}
	if s.Source.Table != "Table 3 backup_policy field data structure description" || s.Source.Row != "start_time" {
		t.Errorf("start_time sourced at %+v", s.Source)
	}
}

// Near miss: creating_a_manual_backup.html, "Table 5 backup field data
// structure description" row begin_time: "Indicates the backup start time
// in the "yyyy-mm-ddThh:mm:ssZ" format" — a date and a time: date-time.
func TestRDSBackupBeginTimeIsDateTime(t *testing.T) {
	op := rdsOp(t, "creating_a_manual_backup.html", "POST", "/v3/{project_id}/backups")
	s := field(successSchema(t, op), "backup.begin_time")
	if s == nil {
		t.Fatal("no field backup.begin_time")
	}
	if s.Format != "date-time" {
		t.Errorf("begin_time: format %q, want date-time", s.Format)
	}
}
