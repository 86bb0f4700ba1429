package server_test

import (
	"testing"

	"playbook/server/servertest"
)

type auditLog struct {
	Entries []struct {
		Action    string `json:"action"`
		Target    string `json:"target"`
		ActorName string `json:"actor_name"`
		Detail    string `json:"detail"`
	} `json:"entries"`
}

func (l auditLog) actions() map[string]int {
	m := map[string]int{}
	for _, e := range l.Entries {
		m[e.Action]++
	}
	return m
}

// The audit log records the trainer's facilitation on the websocket (in the
// operation's transaction) and their HTTP actions (exports, moves,
// deletions), never participants' edits; only the workshop's trainer reads
// it, and a deleted workshop's entries stay in the trainer's own log.
func TestAuditLogOfTrainerActions(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		other := srv.Trainer("赵老师", "zhao@example.com")
		w := tr.CreateWorkshop(2)
		ann, view := srv.Join(w.JoinCode, "王芳", w.Groups[0].ID)
		console := tr.Dial(w.ID, "trainer")
		console.Op(w.ControlBoard, "o1", map[string]any{"kind": "activity.open", "activity": "1.2", "groups": []string{}})
		console.Op(w.ControlBoard, "o2", map[string]any{"kind": "board.lock", "activity": "1.1", "groups": []string{w.Groups[1].ID}})
		// A refused facilitation operation leaves no entry.
		if m := console.OpResult(w.ControlBoard, "o3", map[string]any{"kind": "activity.open", "activity": "9.9"}); m["type"] != "error" {
			t.Fatalf("bad activity accepted: %v", m)
		}
		// A participant's edit is no trainer action.
		ann.Dial(w.ID, "participant").Op(view.Boards["1.1"], "p1", map[string]any{"kind": "note.add", "id": "n1", "lane": "setting", "text": "x"})
		tr.Must(200, "GET", "/api/workshops/"+w.ID+"/playbook/export/json?draft=1", nil, nil)
		pid := view.Participant.ID
		tr.Must(200, "PATCH", "/api/workshops/"+w.ID+"/participants/"+pid, map[string]string{"group_id": w.Groups[1].ID}, nil)

		var log auditLog
		tr.Must(200, "GET", "/api/workshops/"+w.ID+"/audit", nil, &log)
		got := log.actions()
		want := map[string]int{"activity.open": 1, "board.lock": 1, "playbook.export": 1, "participant.move": 1}
		for a, n := range want {
			if got[a] != n {
				t.Errorf("audit log has %d %s, want %d (log %v)", got[a], a, n, got)
			}
		}
		if len(log.Entries) != 4 {
			t.Errorf("audit log has %d entries, want 4: %+v", len(log.Entries), log.Entries)
		}
		if log.Entries[0].Action != "participant.move" || log.Entries[0].ActorName != "李老师" || log.Entries[0].Target != "pid="+pid {
			t.Errorf("newest entry %+v", log.Entries[0])
		}
		for _, c := range []*servertest.Client{other, ann, srv.NewClient()} {
			if status, _ := c.Do("GET", "/api/workshops/"+w.ID+"/audit", nil, nil); status != 404 && status != 401 {
				t.Errorf("someone else read the audit log: %d", status)
			}
		}
		tr.Must(204, "DELETE", "/api/workshops/"+w.ID, nil, nil)
		var mine auditLog
		tr.Must(200, "GET", "/api/audit", nil, &mine)
		if mine.actions()["workshop.delete"] != 1 || len(mine.Entries) != 5 {
			t.Errorf("trainer's log after the deletion: %v", mine.actions())
		}
		var theirs auditLog
		other.Must(200, "GET", "/api/audit", nil, &theirs)
		if len(theirs.Entries) != 0 {
			t.Errorf("another trainer's log shows %v", theirs.actions())
		}
	})
}
