// Prints the next runs of Quartz cron expressions as Quartz itself computes
// them (org.quartz.CronExpression, the class Airbyte uses). Reads lines
// "expression | zone | start instant | count" on stdin; prints
// "expression | zone | start | run run run…" or "… | ERROR message".
import org.quartz.CronExpression;
import java.time.Instant;
import java.util.Date;
import java.util.Scanner;
import java.util.TimeZone;

public class QuartzOracle {
    public static void main(String[] args) {
        Scanner input = new Scanner(System.in);
        while (input.hasNextLine()) {
            String line = input.nextLine().trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\|");
            String expression = parts[0].trim(), zone = parts[1].trim(), start = parts[2].trim();
            int count = Integer.parseInt(parts[3].trim());
            StringBuilder out = new StringBuilder(expression + " | " + zone + " | " + start + " |");
            try {
                CronExpression cron = new CronExpression(expression);
                cron.setTimeZone(TimeZone.getTimeZone(zone));
                Date date = Date.from(Instant.parse(start));
                for (int i = 0; i < count; i++) {
                    date = cron.getNextValidTimeAfter(date);
                    if (date == null) break;
                    out.append(" ").append(date.toInstant());
                }
            } catch (Exception e) {
                out.append(" ERROR ").append(e.getMessage());
            }
            System.out.println(out);
        }
    }
}
