package suggest

import (
	"slices"
	"strings"
	"testing"
)

var (
	studyGroups = strings.Fields("TSAG SG2 SG3 SG5 SG11 SG12 SG13 SG15 SG17 SG20 SG21")
	areas       = strings.Fields("activity topic meeting list help settings")
)

func TestDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"both empty", "", "", 0},
		{"empty to word", "", "list", 4},
		{"word to empty", "list", "", 4},
		{"equal", "activity", "activity", 0},
		{"case-insensitive", "ACTIVITY", "activity", 0},
		{"mixed case", "AcTiViTy", "aCtIvItY", 0},
		{"non-ASCII case", "ÉTÉ", "été", 0},
		{"Kelvin sign folds to k", "\u212a", "k", 0},
		{"long s folds to s", "\u017f", "S", 0},
		{"greek sigma forms", "ΣΑΣ", "σας", 0},
		{"deletion", "activty", "activity", 1},
		{"insertion", "activityy", "activity", 1},
		{"substitution", "actevity", "activity", 1},
		{"transposition", "acitvity", "activity", 1},
		{"transposition at start", "lsit", "list", 1},
		{"transposed digits", "SG31", "SG13", 1},
		{"two edits", "Europe/Zurik", "Europe/Zurich", 2},
		{"optimal string alignment, not full Damerau", "ca", "abc", 3},
		{"counted in runes not bytes", "réseau", "reseau", 1},
		{"emoji is one rune", "👍", "👎", 1},
		{"CJK", "活动", "活跃", 1},
		{"completely different", "xyz", "list", 4},
		{"invalid bytes are one rune each", "a\xff\xfe", "a", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Distance(tt.a, tt.b); got != tt.want {
				t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := Distance(tt.b, tt.a); got != tt.want {
				t.Errorf("Distance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestClosest(t *testing.T) {
	zones := strings.Fields(ianaZones)
	tests := []struct {
		name       string
		word       string
		candidates []string
		limit      int
		want       []string
	}{
		{"deletion", "activty", areas, 3, []string{"activity"}},
		{"transposition", "acitvity", areas, 3, []string{"activity"}},
		{"short transposition", "lsit", areas, 3, []string{"list"}},
		{"upper case exact match", "ACTIVITY", areas, 3, []string{"activity"}},
		{"exact match comes first", "list", []string{"lists", "list"}, 3, []string{"list", "lists"}},
		{"study groups: ties in candidate order", "SG31", studyGroups, 5, []string{"SG3", "SG11", "SG13", "SG21"}},
		{"limit cuts the tail", "SG31", studyGroups, 2, []string{"SG3", "SG11"}},
		{"time zone", "Europe/Zurik", zones, 1, []string{"Europe/Zurich"}},
		{"time zone lower case", "europe/zurich", zones, 1, []string{"Europe/Zurich"}},
		{"time zone prefix", "Europe/Zu", zones, 3, []string{"Europe/Zurich"}},
		{"prefix ranks by added length", "act", []string{"topic", "activity", "action"}, 3, []string{"action", "activity"}},
		{"prefix beyond threshold", "sett", areas, 3, []string{"settings"}},
		{"one-rune word: no prefix matching", "s", []string{"settings", "sgx", "x"}, 3, []string{"x"}},
		{"nothing near", "xyz", areas, 3, nil},
		{"nothing near in zones", "xyz", zones, 3, nil},
		{"empty word", "", areas, 3, nil},
		{"no candidates", "list", nil, 3, nil},
		{"zero limit", "list", areas, 0, nil},
		{"negative limit", "list", areas, -1, nil},
		{"duplicates kept", "lst", []string{"list", "list"}, 3, []string{"list", "list"}},
		{"french", "réseux", []string{"réseaux", "sécurité"}, 3, []string{"réseaux"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Closest(tt.word, tt.candidates, tt.limit)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Closest(%q, …, %d) = %q, want %q", tt.word, tt.limit, got, tt.want)
			}
		})
	}
}

// TestClosestStudyGroupTransposition is the brief's case in its own words:
// SG13 must be offered for SG31, whatever else is at the same distance.
func TestClosestStudyGroupTransposition(t *testing.T) {
	got := Closest("SG31", studyGroups, 5)
	if !slices.Contains(got, "SG13") {
		t.Errorf("Closest(SG31) = %q, want SG13 among them", got)
	}
}

// TestClosestMatchesDistance checks Closest's ranking and threshold against
// Distance on a realistic list, including the early-exit path.
func TestClosestMatchesDistance(t *testing.T) {
	zones := strings.Fields(ianaZones)
	for _, word := range []string{"Europe/Zurik", "America/New_Yrok", "asia/tokyo", "UTC", "Pacific/Aukland", "Etc/GMT+3"} {
		t.Run(word, func(t *testing.T) {
			got := Closest(word, zones, len(zones))
			threshold := max(1, len([]rune(word))/3)
			type kept struct {
				zone string
				dist int
			}
			var keep []kept
			for _, z := range zones {
				prefix := len([]rune(word)) >= 2 && len(z) >= len(word) && strings.EqualFold(z[:len(word)], word)
				if d := Distance(word, z); d <= threshold || prefix {
					keep = append(keep, kept{z, d})
				}
			}
			slices.SortStableFunc(keep, func(x, y kept) int { return x.dist - y.dist })
			var want []string
			for _, k := range keep {
				want = append(want, k.zone)
			}
			if !slices.Equal(got, want) {
				t.Errorf("Closest(%q) = %q, want %q", word, got, want)
			}
		})
	}
}

func TestClosestDoesNotModifyCandidates(t *testing.T) {
	candidates := []string{"SG17", "SG13", "SG11"}
	before := slices.Clone(candidates)
	Closest("SG1", candidates, 3)
	if !slices.Equal(candidates, before) {
		t.Errorf("candidates changed to %q, want %q", candidates, before)
	}
}

// referenceDistance is the textbook optimal string alignment distance over
// a full table, with no shortcuts: FuzzDistance checks Distance against it.
func referenceDistance(a, b string) int {
	x, y := fold(a, nil), fold(b, nil)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

func FuzzDistance(f *testing.F) {
	for _, seed := range [][2]string{
		{"", ""},
		{"acitvity", "activity"},
		{"ca", "abc"},
		{"Europe/Zurik", "Europe/Zurich"},
		{"aab", "aba"},
		{"ÉTÉ", "été"},
		{"\u212a\xff", "k"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		want := referenceDistance(a, b)
		if got := Distance(a, b); got != want {
			t.Fatalf("Distance(%q, %q) = %d, want %d", a, b, got, want)
		}
		if got := Distance(b, a); got != want {
			t.Fatalf("Distance(%q, %q) = %d, want %d (symmetry)", b, a, got, want)
		}
		if (want == 0) != strings.EqualFold(a, b) {
			t.Fatalf("Distance(%q, %q) = %d but EqualFold = %v", a, b, want, strings.EqualFold(a, b))
		}
		// The bounded form agrees with the exact one up to its bound.
		var m matcher
		for bound := 0; bound <= 4; bound++ {
			got := m.distance(fold(a, nil), fold(b, nil), bound)
			if (got <= bound) != (want <= bound) || (want <= bound && got != want) {
				t.Fatalf("bounded distance(%q, %q, %d) = %d, exact %d", a, b, bound, got, want)
			}
		}
	})
}

func BenchmarkClosest(b *testing.B) {
	zones := strings.Fields(ianaZones)
	benchmarks := []struct {
		name string
		word string
	}{
		{"near", "Europe/Zurik"},
		{"prefix", "America/"},
		{"far", "xyz"},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Closest(bm.word, zones, 5)
			}
		})
	}
}

func BenchmarkDistance(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Distance("America/Argentina/Buenos_Aires", "america/argentina/buenos_aries")
	}
}

// ianaZones is the IANA time zone list as shipped in Go's
// lib/time/zoneinfo.zip (598 names), the size Closest must handle.
const ianaZones = `
Africa/Abidjan Africa/Accra Africa/Addis_Ababa Africa/Algiers Africa/Asmara
Africa/Asmera Africa/Bamako Africa/Bangui Africa/Banjul Africa/Bissau
Africa/Blantyre Africa/Brazzaville Africa/Bujumbura Africa/Cairo
Africa/Casablanca Africa/Ceuta Africa/Conakry Africa/Dakar
Africa/Dar_es_Salaam Africa/Djibouti Africa/Douala Africa/El_Aaiun
Africa/Freetown Africa/Gaborone Africa/Harare Africa/Johannesburg
Africa/Juba Africa/Kampala Africa/Khartoum Africa/Kigali Africa/Kinshasa
Africa/Lagos Africa/Libreville Africa/Lome Africa/Luanda Africa/Lubumbashi
Africa/Lusaka Africa/Malabo Africa/Maputo Africa/Maseru Africa/Mbabane
Africa/Mogadishu Africa/Monrovia Africa/Nairobi Africa/Ndjamena
Africa/Niamey Africa/Nouakchott Africa/Ouagadougou Africa/Porto-Novo
Africa/Sao_Tome Africa/Timbuktu Africa/Tripoli Africa/Tunis Africa/Windhoek
America/Adak America/Anchorage America/Anguilla America/Antigua
America/Araguaina America/Argentina/Buenos_Aires America/Argentina/Catamarca
America/Argentina/ComodRivadavia America/Argentina/Cordoba
America/Argentina/Jujuy America/Argentina/La_Rioja America/Argentina/Mendoza
America/Argentina/Rio_Gallegos America/Argentina/Salta
America/Argentina/San_Juan America/Argentina/San_Luis
America/Argentina/Tucuman America/Argentina/Ushuaia America/Aruba
America/Asuncion America/Atikokan America/Atka America/Bahia
America/Bahia_Banderas America/Barbados America/Belem America/Belize
America/Blanc-Sablon America/Boa_Vista America/Bogota America/Boise
America/Buenos_Aires America/Cambridge_Bay America/Campo_Grande
America/Cancun America/Caracas America/Catamarca America/Cayenne
America/Cayman America/Chicago America/Chihuahua America/Ciudad_Juarez
America/Coral_Harbour America/Cordoba America/Costa_Rica America/Coyhaique
America/Creston America/Cuiaba America/Curacao America/Danmarkshavn
America/Dawson America/Dawson_Creek America/Denver America/Detroit
America/Dominica America/Edmonton America/Eirunepe America/El_Salvador
America/Ensenada America/Fort_Nelson America/Fort_Wayne America/Fortaleza
America/Glace_Bay America/Godthab America/Goose_Bay America/Grand_Turk
America/Grenada America/Guadeloupe America/Guatemala America/Guayaquil
America/Guyana America/Halifax America/Havana America/Hermosillo
America/Indiana/Indianapolis America/Indiana/Knox America/Indiana/Marengo
America/Indiana/Petersburg America/Indiana/Tell_City America/Indiana/Vevay
America/Indiana/Vincennes America/Indiana/Winamac America/Indianapolis
America/Inuvik America/Iqaluit America/Jamaica America/Jujuy America/Juneau
America/Kentucky/Louisville America/Kentucky/Monticello America/Knox_IN
America/Kralendijk America/La_Paz America/Lima America/Los_Angeles
America/Louisville America/Lower_Princes America/Maceio America/Managua
America/Manaus America/Marigot America/Martinique America/Matamoros
America/Mazatlan America/Mendoza America/Menominee America/Merida
America/Metlakatla America/Mexico_City America/Miquelon America/Moncton
America/Monterrey America/Montevideo America/Montreal America/Montserrat
America/Nassau America/New_York America/Nipigon America/Nome America/Noronha
America/North_Dakota/Beulah America/North_Dakota/Center
America/North_Dakota/New_Salem America/Nuuk America/Ojinaga America/Panama
America/Pangnirtung America/Paramaribo America/Phoenix
America/Port-au-Prince America/Port_of_Spain America/Porto_Acre
America/Porto_Velho America/Puerto_Rico America/Punta_Arenas
America/Rainy_River America/Rankin_Inlet America/Recife America/Regina
America/Resolute America/Rio_Branco America/Rosario America/Santa_Isabel
America/Santarem America/Santiago America/Santo_Domingo America/Sao_Paulo
America/Scoresbysund America/Shiprock America/Sitka America/St_Barthelemy
America/St_Johns America/St_Kitts America/St_Lucia America/St_Thomas
America/St_Vincent America/Swift_Current America/Tegucigalpa America/Thule
America/Thunder_Bay America/Tijuana America/Toronto America/Tortola
America/Vancouver America/Virgin America/Whitehorse America/Winnipeg
America/Yakutat America/Yellowknife Antarctica/Casey Antarctica/Davis
Antarctica/DumontDUrville Antarctica/Macquarie Antarctica/Mawson
Antarctica/McMurdo Antarctica/Palmer Antarctica/Rothera
Antarctica/South_Pole Antarctica/Syowa Antarctica/Troll Antarctica/Vostok
Arctic/Longyearbyen Asia/Aden Asia/Almaty Asia/Amman Asia/Anadyr Asia/Aqtau
Asia/Aqtobe Asia/Ashgabat Asia/Ashkhabad Asia/Atyrau Asia/Baghdad
Asia/Bahrain Asia/Baku Asia/Bangkok Asia/Barnaul Asia/Beirut Asia/Bishkek
Asia/Brunei Asia/Calcutta Asia/Chita Asia/Choibalsan Asia/Chongqing
Asia/Chungking Asia/Colombo Asia/Dacca Asia/Damascus Asia/Dhaka Asia/Dili
Asia/Dubai Asia/Dushanbe Asia/Famagusta Asia/Gaza Asia/Harbin Asia/Hebron
Asia/Ho_Chi_Minh Asia/Hong_Kong Asia/Hovd Asia/Irkutsk Asia/Istanbul
Asia/Jakarta Asia/Jayapura Asia/Jerusalem Asia/Kabul Asia/Kamchatka
Asia/Karachi Asia/Kashgar Asia/Kathmandu Asia/Katmandu Asia/Khandyga
Asia/Kolkata Asia/Krasnoyarsk Asia/Kuala_Lumpur Asia/Kuching Asia/Kuwait
Asia/Macao Asia/Macau Asia/Magadan Asia/Makassar Asia/Manila Asia/Muscat
Asia/Nicosia Asia/Novokuznetsk Asia/Novosibirsk Asia/Omsk Asia/Oral
Asia/Phnom_Penh Asia/Pontianak Asia/Pyongyang Asia/Qatar Asia/Qostanay
Asia/Qyzylorda Asia/Rangoon Asia/Riyadh Asia/Saigon Asia/Sakhalin
Asia/Samarkand Asia/Seoul Asia/Shanghai Asia/Singapore Asia/Srednekolymsk
Asia/Taipei Asia/Tashkent Asia/Tbilisi Asia/Tehran Asia/Tel_Aviv Asia/Thimbu
Asia/Thimphu Asia/Tokyo Asia/Tomsk Asia/Ujung_Pandang Asia/Ulaanbaatar
Asia/Ulan_Bator Asia/Urumqi Asia/Ust-Nera Asia/Vientiane Asia/Vladivostok
Asia/Yakutsk Asia/Yangon Asia/Yekaterinburg Asia/Yerevan Atlantic/Azores
Atlantic/Bermuda Atlantic/Canary Atlantic/Cape_Verde Atlantic/Faeroe
Atlantic/Faroe Atlantic/Jan_Mayen Atlantic/Madeira Atlantic/Reykjavik
Atlantic/South_Georgia Atlantic/St_Helena Atlantic/Stanley Australia/ACT
Australia/Adelaide Australia/Brisbane Australia/Broken_Hill
Australia/Canberra Australia/Currie Australia/Darwin Australia/Eucla
Australia/Hobart Australia/LHI Australia/Lindeman Australia/Lord_Howe
Australia/Melbourne Australia/NSW Australia/North Australia/Perth
Australia/Queensland Australia/South Australia/Sydney Australia/Tasmania
Australia/Victoria Australia/West Australia/Yancowinna Brazil/Acre
Brazil/DeNoronha Brazil/East Brazil/West CET CST6CDT Canada/Atlantic
Canada/Central Canada/Eastern Canada/Mountain Canada/Newfoundland
Canada/Pacific Canada/Saskatchewan Canada/Yukon Chile/Continental
Chile/EasterIsland Cuba EET EST EST5EDT Egypt Eire Etc/GMT Etc/GMT+0
Etc/GMT+1 Etc/GMT+10 Etc/GMT+11 Etc/GMT+12 Etc/GMT+2 Etc/GMT+3 Etc/GMT+4
Etc/GMT+5 Etc/GMT+6 Etc/GMT+7 Etc/GMT+8 Etc/GMT+9 Etc/GMT-0 Etc/GMT-1
Etc/GMT-10 Etc/GMT-11 Etc/GMT-12 Etc/GMT-13 Etc/GMT-14 Etc/GMT-2 Etc/GMT-3
Etc/GMT-4 Etc/GMT-5 Etc/GMT-6 Etc/GMT-7 Etc/GMT-8 Etc/GMT-9 Etc/GMT0
Etc/Greenwich Etc/UCT Etc/UTC Etc/Universal Etc/Zulu Europe/Amsterdam
Europe/Andorra Europe/Astrakhan Europe/Athens Europe/Belfast Europe/Belgrade
Europe/Berlin Europe/Bratislava Europe/Brussels Europe/Bucharest
Europe/Budapest Europe/Busingen Europe/Chisinau Europe/Copenhagen
Europe/Dublin Europe/Gibraltar Europe/Guernsey Europe/Helsinki
Europe/Isle_of_Man Europe/Istanbul Europe/Jersey Europe/Kaliningrad
Europe/Kiev Europe/Kirov Europe/Kyiv Europe/Lisbon Europe/Ljubljana
Europe/London Europe/Luxembourg Europe/Madrid Europe/Malta Europe/Mariehamn
Europe/Minsk Europe/Monaco Europe/Moscow Europe/Nicosia Europe/Oslo
Europe/Paris Europe/Podgorica Europe/Prague Europe/Riga Europe/Rome
Europe/Samara Europe/San_Marino Europe/Sarajevo Europe/Saratov
Europe/Simferopol Europe/Skopje Europe/Sofia Europe/Stockholm Europe/Tallinn
Europe/Tirane Europe/Tiraspol Europe/Ulyanovsk Europe/Uzhgorod Europe/Vaduz
Europe/Vatican Europe/Vienna Europe/Vilnius Europe/Volgograd Europe/Warsaw
Europe/Zagreb Europe/Zaporozhye Europe/Zurich Factory GB GB-Eire GMT GMT+0
GMT-0 GMT0 Greenwich HST Hongkong Iceland Indian/Antananarivo Indian/Chagos
Indian/Christmas Indian/Cocos Indian/Comoro Indian/Kerguelen Indian/Mahe
Indian/Maldives Indian/Mauritius Indian/Mayotte Indian/Reunion Iran Israel
Jamaica Japan Kwajalein Libya MET MST MST7MDT Mexico/BajaNorte
Mexico/BajaSur Mexico/General NZ NZ-CHAT Navajo PRC PST8PDT Pacific/Apia
Pacific/Auckland Pacific/Bougainville Pacific/Chatham Pacific/Chuuk
Pacific/Easter Pacific/Efate Pacific/Enderbury Pacific/Fakaofo Pacific/Fiji
Pacific/Funafuti Pacific/Galapagos Pacific/Gambier Pacific/Guadalcanal
Pacific/Guam Pacific/Honolulu Pacific/Johnston Pacific/Kanton
Pacific/Kiritimati Pacific/Kosrae Pacific/Kwajalein Pacific/Majuro
Pacific/Marquesas Pacific/Midway Pacific/Nauru Pacific/Niue Pacific/Norfolk
Pacific/Noumea Pacific/Pago_Pago Pacific/Palau Pacific/Pitcairn
Pacific/Pohnpei Pacific/Ponape Pacific/Port_Moresby Pacific/Rarotonga
Pacific/Saipan Pacific/Samoa Pacific/Tahiti Pacific/Tarawa Pacific/Tongatapu
Pacific/Truk Pacific/Wake Pacific/Wallis Pacific/Yap Poland Portugal ROC ROK
Singapore Turkey UCT US/Alaska US/Aleutian US/Arizona US/Central
US/East-Indiana US/Eastern US/Hawaii US/Indiana-Starke US/Michigan
US/Mountain US/Pacific US/Samoa UTC Universal W-SU WET Zulu
`
