using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PartialVerdictIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Verdicts_Current_FlagCount",
                table: "Verdicts");

            migrationBuilder.DropIndex(
                name: "IX_Verdicts_Current_Relation",
                table: "Verdicts");

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_FlagCount",
                table: "Verdicts",
                column: "FlagCount",
                filter: "\"Current\"");

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_Relation",
                table: "Verdicts",
                column: "Relation",
                filter: "\"Current\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Verdicts_FlagCount",
                table: "Verdicts");

            migrationBuilder.DropIndex(
                name: "IX_Verdicts_Relation",
                table: "Verdicts");

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_Current_FlagCount",
                table: "Verdicts",
                columns: new[] { "Current", "FlagCount" });

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_Current_Relation",
                table: "Verdicts",
                columns: new[] { "Current", "Relation" });
        }
    }
}
