package report

import (
	"strings"
	"testing"
)

func TestReadMeta(t *testing.T) {
	m, err := ReadMeta(strings.NewReader(`{"title":"T","models":["m1"],"bias":{"bootstrap":500,"seed":7,"min_articles":3,"top_k":4},"articles_read":12}`), "run.json")
	if err != nil || m.Title != "T" || len(m.Models) != 1 || m.Bias == nil || m.Bias.Bootstrap != 500 || m.Bias.Seed != 7 || m.Bias.MinArticles != 3 || m.Bias.TopK != 4 {
		t.Errorf("ReadMeta = %+v, %v", m, err)
	}
	// A key of the wrong type is skipped, the others kept.
	m, err = ReadMeta(strings.NewReader(`{"title":"T","models":"m1","profile":"p"}`), "run.json")
	if err == nil || !strings.Contains(err.Error(), `run.json: key "models"`) || m.Title != "T" || m.Profile != "p" {
		t.Errorf("wrong type: %+v, %v", m, err)
	}
	// The run command's run.json: Meta under "report", other keys of other
	// types beside it.
	m, err = ReadMeta(strings.NewReader(`{"profile":{"name":"x"},"articles":[1,2],"report":{"profile":"jd@1","bias":{"bootstrap":99}}}`), "run.json")
	if err != nil || m.Profile != "jd@1" || m.Bias == nil || m.Bias.Bootstrap != 99 {
		t.Errorf("nested: %+v, %v", m, err)
	}
	if m, err := ReadMeta(strings.NewReader(`{not json`), "run.json"); err == nil || m.Title != "" {
		t.Errorf("malformed: %+v, %v", m, err)
	}
}
