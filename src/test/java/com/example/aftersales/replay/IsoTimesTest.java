package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The quick reading of dates answers exactly what {@code parse} answers, or null (then {@code parse} reads them). */
class IsoTimesTest {

    @Test
    void readsEveryTimeAsToStringWritesItExactlyAsParseDoes() {
        SplittableRandom r = new SplittableRandom(17);
        int[] nanos = {0, 0, 500_000_000, 123_000_000, 123_456_000, 123_456_789, 1};
        for (int i = 0; i < 100_000; i++) {
            OffsetDateTime t = OffsetDateTime.of(r.nextInt(1, 10_000), 1 + r.nextInt(12), 1 + r.nextInt(28),
                    r.nextInt(24), r.nextInt(60), r.nextInt(3) == 0 ? 0 : r.nextInt(60), nanos[r.nextInt(nanos.length)],
                    ZoneOffset.ofTotalSeconds(r.nextInt(3) == 0 ? 0 : 900 * r.nextInt(-72, 73)));
            String text = t.toString();
            // as Objects: equals, offset included (AssertJ compares OffsetDateTimes as instants)
            assertThat((Object) IsoTimes.offsetDateTime(text)).as(text).isEqualTo(OffsetDateTime.parse(text)).isEqualTo(t);
            String date = t.toLocalDate().toString();
            assertThat(IsoTimes.localDate(date)).as(date).isEqualTo(LocalDate.parse(date));
        }
        assertThat((Object) IsoTimes.offsetDateTime("2026-03-01T09:30:05.5-00:00"))
                .isEqualTo(OffsetDateTime.parse("2026-03-01T09:30:05.5-00:00"));
    }

    @Test
    void answersNullForAnyOtherFormOrAnImpossibleValue() {
        for (String other : new String[] {"2026-03-01T09:30+0800", "2026-03-01 09:30+08:00", "2026-03-01T09:30",
                "2026-02-30T09:30Z", "2026-03-01T24:00Z", "2026-03-01T09:60Z", "2026-03-01T09:30+19:00",
                "+12026-03-01T09:30Z", "2026-03-01T09:30:05.1234567891Z", "2026-03-01T09:30:05.Z", "2026-03-01T09:30:5Z",
                "2026-03-01T09:30+08:00:00", "2026-03-01T09:30+08:00[Asia/Shanghai]", "2026-3-01T09:30Z", "x"}) {
            assertThat(IsoTimes.offsetDateTime(other)).as(other).isNull();
        }
        for (String other : new String[] {"2026-02-30", "2026-3-1", "20260301", "+2026-03-01", "2026-03-01T"}) {
            assertThat(IsoTimes.localDate(other)).as(other).isNull();
        }
    }
}
