using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyStatsAndArchitecture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Architecture",
                table: "Models",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MonthlyStats",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Uploads = table.Column<int>(type: "INTEGER", nullable: false),
                    DeclaredProvenance = table.Column<int>(type: "INTEGER", nullable: false),
                    DeclaredMergekit = table.Column<int>(type: "INTEGER", nullable: false),
                    Fingerprinted = table.Column<int>(type: "INTEGER", nullable: false),
                    Judged = table.Column<int>(type: "INTEGER", nullable: false),
                    DetectedMerges = table.Column<int>(type: "INTEGER", nullable: false),
                    DetectedFinetunes = table.Column<int>(type: "INTEGER", nullable: false),
                    VerifiedIndependent = table.Column<int>(type: "INTEGER", nullable: false),
                    UndeclaredDerivatives = table.Column<int>(type: "INTEGER", nullable: false),
                    LicenceConflicts = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyStats", x => x.Month);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WeightFingerprints_CreatedAt",
                table: "WeightFingerprints",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_CreatedAt",
                table: "Verdicts",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Models_Architecture",
                table: "Models",
                column: "Architecture");

            migrationBuilder.CreateIndex(
                name: "IX_Models_CheckedAt",
                table: "Models",
                column: "CheckedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Models_LastCrawledAt",
                table: "Models",
                column: "LastCrawledAt");

            migrationBuilder.CreateIndex(
                name: "IX_Models_License",
                table: "Models",
                column: "License");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonthlyStats");

            migrationBuilder.DropIndex(
                name: "IX_WeightFingerprints_CreatedAt",
                table: "WeightFingerprints");

            migrationBuilder.DropIndex(
                name: "IX_Verdicts_CreatedAt",
                table: "Verdicts");

            migrationBuilder.DropIndex(
                name: "IX_Models_Architecture",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Models_CheckedAt",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Models_LastCrawledAt",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Models_License",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "Architecture",
                table: "Models");
        }
    }
}
