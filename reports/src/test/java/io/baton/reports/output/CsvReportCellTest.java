package io.baton.reports.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text cells of the CSV: OWASP's formula prefix, then RFC 4180 quoting. */
class CsvReportCellTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "=SUM(A1)          | '=SUM(A1)",
            "+1                | '+1",
            "-1                | '-1",
            "@cmd              | '@cmd",
            "`\tx`             | `'\tx`",
            "a=b               | a=b",
            "acme              | acme",
            "`=HYPERLINK(\"u\",\"t\")` | `\"'=HYPERLINK(\"\"u\"\",\"\"t\"\")\"`",
            "`a,b`             | `\"a,b\"`",
    })
    void prefixesFormulaStartsAndQuotesWhereNeeded(String value, String expected) {
        assertThat(CsvReport.cell(value)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aLeadingCarriageReturnIsPrefixedAndQuoted() {
        assertThat(CsvReport.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(CsvReport.cell("")).isEmpty();
        assertThat(CsvReport.cell(null)).isEmpty();
    }
}
