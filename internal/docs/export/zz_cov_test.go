package export

import ("testing";"fmt";"strings")

func TestZZCov(t *testing.T) {
	names := []string{"sans","sansB","sansI","sansBI","mono","monoB"}
	for fc := faceSans; fc <= faceMonoB; fc++ {
		var miss []string
		n := 0
		for _, rg := range [][2]rune{{0x0621,0x064A},{0x064B,0x065F},{0x0640,0x0640},{0x0670,0x0671},{0xFE70,0xFEFC}} {
			for r := rg[0]; r <= rg[1]; r++ {
				if !covered(fc, r) { miss = append(miss, fmt.Sprintf("%04X", r)) } else {n++}
			}
		}
		var a []string
		for _, r := range []rune{0x067E,0x0686,0x0698,0x06A9,0x06AF,0x06CC,0x0679,0x0688,0x0691,0x06BA,0x06BE,0x06C1,0x06D2,0x06A4,0x06AD,0x06C0,0x06D3,0x200C,0x200D} {
			if covered(fc, r) { a = append(a, fmt.Sprintf("%04X", r)) }
		}
		var fa []string
		for r := rune(0xFB50); r <= 0xFDFF; r++ { if covered(fc, r) { fa = append(fa, fmt.Sprintf("%04X", r)) } }
		t.Logf("%s: have %d; missing %s\n ext: %s\n formsA: %s", names[fc], n, strings.Join(miss, " "), strings.Join(a, " "), strings.Join(fa, " "))
	}
}
