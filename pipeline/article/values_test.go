package article

import "testing"

func TestVoiceKnownSideIsSpeaker(t *testing.T) {
	for _, tt := range []struct {
		v    Voice
		want bool
	}{{VoiceAuthor, true}, {VoiceQuote, true}, {VoiceReported, true}, {"", false}, {"shouted", false}, {"Quote", false}} {
		if got := tt.v.Known(); got != tt.want {
			t.Errorf("Voice(%q).Known() = %v, want %v", tt.v, got, tt.want)
		}
	}
	for _, tt := range []struct {
		s    Side
		want bool
	}{{SideGov, true}, {SideJDC, true}, {SideOther, true}, {SideNone, true}, {SideBoth, false}, {"", false}, {"labour", false}} {
		if got := tt.s.IsSpeaker(); got != tt.want {
			t.Errorf("Side(%q).IsSpeaker() = %v, want %v", tt.s, got, tt.want)
		}
	}
}
