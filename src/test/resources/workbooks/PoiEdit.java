import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * For make-fixtures.sh: {@code resave in.xlsx out.xlsx} reads and writes back with POI (XSSFWorkbook);
 * {@code format in.xlsx out.xlsx A1:B2 FORMAT} also sets the data format of those cells' styles.
 */
public class PoiEdit {
    public static void main(String[] args) throws Exception {
        try (InputStream in = new FileInputStream(args[1]); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            if (args[0].equals("format")) {
                Sheet sheet = workbook.getSheetAt(0);
                short format = workbook.createDataFormat().getFormat(args[4]);
                CellRangeAddress range = CellRangeAddress.valueOf(args[3]);
                for (int r = range.getFirstRow(); r <= range.getLastRow(); r++) {
                    for (int c = range.getFirstColumn(); c <= range.getLastColumn(); c++) {
                        var cell = sheet.getRow(r).getCell(c);
                        CellStyle style = workbook.createCellStyle();
                        style.cloneStyleFrom(cell.getCellStyle());
                        style.setDataFormat(format);
                        cell.setCellStyle(style);
                        System.out.println(new CellReference(cell).formatAsString() + " formatted " + args[4]);
                    }
                }
            } else if (!args[0].equals("resave")) {
                throw new IllegalArgumentException("resave | format");
            }
            try (OutputStream out = new FileOutputStream(args[2])) {
                workbook.write(out);
            }
        }
    }
}
