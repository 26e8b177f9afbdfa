package org.rnnexplorer.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Numbers in error messages print as Python prints them (repr of a float). */
class PyFormatTest {

    @Test
    void reprMatchesPython() {
        assertEquals("1.0", PyFormat.repr(1.0));
        assertEquals("0.001", PyFormat.repr(0.001));
        assertEquals("0.0001", PyFormat.repr(1e-4));
        assertEquals("1e-05", PyFormat.repr(1e-5));
        assertEquals("-1e-10", PyFormat.repr(-1e-10));
        assertEquals("1.5e-08", PyFormat.repr(1.5e-8));
        assertEquals("1e+16", PyFormat.repr(1e16));
        assertEquals("123456.5", PyFormat.repr(123456.5));
        assertEquals("inf", PyFormat.repr(Double.POSITIVE_INFINITY));
        assertEquals("nan", PyFormat.repr(Double.NaN));
        assertEquals("-0.0", PyFormat.repr(-0.0));
    }

    @Test
    void integralValuesPrintAsTheIntTheUserTyped() {
        assertEquals("-1", PyFormat.number(-1.0));
        assertEquals("-0.1", PyFormat.number(-0.1));
    }
}
