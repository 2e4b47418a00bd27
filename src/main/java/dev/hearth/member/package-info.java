/** Members: onboard-member ({@link dev.hearth.member.OnboardMember}, use case JoinMember) and get-member ({@link dev.hearth.member.GetMember}, use case ShowMember). */
package dev.hearth.member;
