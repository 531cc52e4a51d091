import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;

import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.schema.SchemaObject;

/** bench/h2-pages.sh: the MVStore map ids of an H2 file (a copy, the service stopped) with their tables and indexes. */
public class H2Maps {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + args[0]
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE", "sa", "")) {
            Database db = ((SessionLocal) ((JdbcConnection) c).getSession()).getDatabase();
            MVStore store = db.getStore().getMvStore();
            ArrayList<SchemaObject> objects = db.getMainSchema().getAll(new ArrayList<>());
            for (String name : store.getMapNames()) {
                String what = name;
                if (name.startsWith("table.") || name.startsWith("index.")) {
                    int id = Integer.parseInt(name.substring(name.indexOf('.') + 1));
                    for (SchemaObject o : objects) {
                        if (o.getId() == id) what = o.getName() + (name.startsWith("table.") ? " (table)" : "");
                    }
                }
                System.out.println(Integer.toHexString(store.openMap(name).getId()) + "\t" + what);
            }
        }
    }
}
